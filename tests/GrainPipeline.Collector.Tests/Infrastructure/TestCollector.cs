using GrainPipeline.Collector.Hosting;
using GrainPipeline.Collector.Options;
using GrainPipeline.Kafka.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Collector.Tests.Infrastructure;

/// <summary>
/// A real collector on a free loopback port in front of a real embedded broker, with an HttpClient
/// pointed at it and a reader for what reached Kafka. Each test gets its own, so "nothing was
/// produced" can be asserted without other tests' records in the way.
/// </summary>
public sealed class TestCollector : IAsyncDisposable
{
    public const string Secret = "current-secret";
    public const string OldSecret = "previous-secret";
    public const string StorefrontOrigin = "https://shop.example.com";

    private TestCollector(EmbeddedBroker broker, CollectorOptions options, WebApplication app)
    {
        Broker = broker;
        Options = options;
        App = app;
        BaseAddress = CollectorHost.GetBaseAddress(app);
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public EmbeddedBroker Broker { get; }
    public CollectorOptions Options { get; }
    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="configure">Adjusts the options after the test defaults (secrets, origin, port 0).</param>
    /// <param name="brokers">Brokers in the mock cluster; more than one for the broker-down tests.</param>
    /// <param name="bootstrapOverride">Points the collector elsewhere, e.g. at a closed port.</param>
    public static async Task<TestCollector> StartAsync(Action<CollectorOptions>? configure = null, int brokers = 1, string? bootstrapOverride = null)
    {
        var broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Brokers = brokers, Partitions = 4 });
        try
        {
            var options = new CollectorOptions { BootstrapServers = bootstrapOverride ?? broker.Bootstrap, Port = 0 };
            options.WebhookSecrets.Add(Secret);
            options.WebhookSecrets.Add(OldSecret);
            options.AllowedOrigins.Add(StorefrontOrigin);
            configure?.Invoke(options);
            var app = await CollectorHost.BuildAsync(options, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
            return new TestCollector(broker, options, app);
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    /// <summary>A reader over the collector's topic, from the beginning of every partition.</summary>
    public RecordReader Reader() => new(Broker.Bootstrap, Options.Topic);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Broker.Dispose();
    }
}
