using System.Net;
using GrainPipeline.Collector.Diagnostics;
using GrainPipeline.Collector.Options;
using GrainPipeline.Collector.Producing;
using GrainPipeline.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GrainPipeline.Collector.Hosting;

/// <summary>
/// Hosts the collector: validates <see cref="CollectorOptions"/>, configures Kestrel's limits, and
/// maps the endpoints. <see cref="BuildAsync"/> is the in-process entry point (tests, the demo);
/// the <c>grain-pipeline collector</c> verb uses <see cref="Build"/> and runs until stopped.
/// </summary>
public static class CollectorHost
{
    /// <summary>Kestrel's per-connection request buffer: small, so idle connections cost little.</summary>
    private const int RequestBufferBytes = 64 * 1024;

    /// <summary>
    /// Builds the collector without starting it. Throws <see cref="OptionsValidationException"/>
    /// whose failures name the settings (<c>Collector:MaxEventBytes</c>) when the options are bad.
    /// </summary>
    /// <param name="configure">Last say over the builder, e.g. logging levels or a fake TimeProvider.</param>
    public static WebApplication Build(CollectorOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new CollectorOptionsValidator().Validate(null, options);
        if (validation.Failed) throw new OptionsValidationException(CollectorOptions.SectionName, typeof(CollectorOptions), validation.Failures);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(CollectorHost).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
            kestrel.Limits.MaxRequestBufferSize = RequestBufferBytes;
        });
        // Shutdown waits for requests in flight and then flushes the producer: give both the delivery timeout.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMilliseconds(options.DeliveryTimeoutMs) + TimeSpan.FromSeconds(5));
        builder.Services.AddCollector(options);
        // ASP.NET Core logs every request at Information; on this hot path the counters say it (DESIGN invariant 10).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseCors();
        var webhooks = app.MapCollector();

        // Made now, not on the first request: the producer connects at once, so /readyz means something.
        app.Services.GetRequiredService<PrometheusExporter>();
        app.Services.GetRequiredService<EventProducer>();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CollectorHost).FullName!);
        if (!webhooks) CollectorLog.WebhooksDisabled(logger);
        app.Lifetime.ApplicationStarted.Register(() =>
            CollectorLog.Listening(logger, GetBaseAddress(app).ToString(), options.Topic, options.BootstrapServers));
        return app;
    }

    /// <summary>
    /// Builds and starts the collector; when this returns it is listening (on a free port when
    /// <see cref="CollectorOptions.Port"/> is 0) — ask <see cref="GetBaseAddress"/> where.
    /// Stop it with <c>StopAsync</c> and <c>DisposeAsync</c> (disposal flushes the producer).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(CollectorOptions options, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var app = Build(options, configure);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The address a started collector listens on, e.g. <c>http://127.0.0.1:41235/</c>.</summary>
    public static Uri GetBaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The collector is not started; call StartAsync (or BuildAsync) first.");
        return new Uri(first.EndsWith('/') ? first : first + "/");
    }
}
