using System.Net;
using GrainPipeline.Dashboard.Configuration;
using GrainPipeline.Dashboard.Sampling;
using GrainPipeline.Dashboard.Sources;
using GrainPipeline.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainPipeline.Dashboard.Hosting;

/// <summary>
/// Starts the dashboard next to a silo, in the same process: Kestrel on <see cref="DashboardOptions.Port"/>,
/// the optional authentication, the routes, and the 1 s sampler.
/// </summary>
public static class DashboardHost
{
    /// <exception cref="OptionsValidationException">A setting is invalid; the failures name it (<c>Dashboard:Port</c>).</exception>
    /// <exception cref="DashboardPortInUseException">The port is taken.</exception>
    public static async Task<DashboardServer> StartAsync(IDashboardSource source, DashboardOptions options, ILoggerFactory? loggers = null,
        TimeProvider? clock = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var failures = DashboardOptionsValidator.Check(options).ToList();
        if (failures.Count > 0) throw new OptionsValidationException(DashboardOptions.Section, typeof(DashboardOptions), failures);
        loggers ??= NullLoggerFactory.Instance;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardHost).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port);
            kestrel.AddServerHeader = false;
            // Operators and scrapers, not the public: a few connections and no request bodies.
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        // Start-up failures surface as exceptions the silo reports; requests are not worth a line each.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        var app = builder.Build();

        var ring = new TimeSeriesRing(options.HistoryPoints, options.MaxSeries);
        var sampler = new Sampler(source, ring, options.SampleInterval, clock, loggers.CreateLogger<Sampler>());
        var exporter = new PrometheusExporter(source.Meter);
        var authentication = new DashboardAuthentication(options);
        app.Use(authentication.InvokeAsync);
        app.MapDashboard(source, sampler, exporter, options);

        try
        {
            await app.StartAsync(cancellation);
        }
        catch (Exception e) when (e is AddressInUseException || e.InnerException is AddressInUseException)
        {
            exporter.Dispose();
            await app.DisposeAsync();
            throw new DashboardPortInUseException(options.ListenAddress, options.Port, e);
        }
        catch
        {
            exporter.Dispose();
            await app.DisposeAsync();
            throw;
        }
        sampler.SampleNow();
        sampler.Start();
        return new DashboardServer(app, sampler, exporter, AddressOf(app, options));
    }

    private static Uri AddressOf(WebApplication app, DashboardOptions options)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? throw new InvalidOperationException("The dashboard did not report the address it listens on.");
        var uri = new Uri(bound);
        // 0.0.0.0 is where it listens, not where a browser can go: show loopback for "any".
        var host = options.ListenAddress is "0.0.0.0" or "::" ? "127.0.0.1" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port, "/").Uri;
    }
}
