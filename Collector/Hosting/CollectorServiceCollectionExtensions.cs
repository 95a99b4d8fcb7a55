using GrainPipeline.Collector.Diagnostics;
using GrainPipeline.Collector.Http;
using GrainPipeline.Collector.Options;
using GrainPipeline.Collector.Pixel;
using GrainPipeline.Collector.Producing;
using GrainPipeline.Collector.RateLimiting;
using GrainPipeline.Collector.Webhooks;
using GrainPipeline.Observability.Metrics;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainPipeline.Collector.Hosting;

/// <summary>Registers the collector's parts; every shared one is a singleton made once per host.</summary>
public static class CollectorServiceCollectionExtensions
{
    /// <summary>Name of the CORS policy on the pixel endpoint.</summary>
    public const string StorefrontCorsPolicy = "storefronts";

    public static IServiceCollection AddCollector(this IServiceCollection services, CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new RequestBudget(options.MaxInFlightRequests, options.MaxInFlightBytes));
        // Statistics arrive every second; three missed in a row means the producer's view is stale.
        services.AddSingleton(sp => new BrokerConnectivity(
            sp.GetRequiredService<TimeProvider>(), TimeSpan.FromMilliseconds(3 * ProducerConfigFactory.StatisticsIntervalMs)));
        services.AddSingleton<ShopRateLimiter>();
        services.AddSingleton<CollectorInstruments>();
        services.AddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<CollectorInstruments>().Meter));
        services.AddSingleton<EventProducer>();
        services.AddSingleton(_ => new HmacVerifier(options.WebhookSecrets));
        services.AddSingleton<IngestResponder>();
        services.AddSingleton<PixelEndpoint>();
        services.AddSingleton<WebhookEndpoint>();

        services.AddHealthChecks()
            .AddCheck<ProducerLivenessCheck>("producer", tags: [CollectorEndpoints.LiveTag])
            .AddCheck<BrokerReadinessCheck>("broker", tags: [CollectorEndpoints.ReadyTag]);
        services.AddCors(cors => cors.AddPolicy(StorefrontCorsPolicy, policy => ConfigureCors(policy, options.AllowedOrigins)));
        return services;
    }

    private static void ConfigureCors(CorsPolicyBuilder policy, IReadOnlyCollection<string> origins)
    {
        if (origins.Contains("*")) policy.AllowAnyOrigin();
        else policy.WithOrigins([.. origins]);
        // Pixels POST JSON (fetch) or text/plain (sendBeacon); no cookies are needed or allowed.
        policy.WithMethods("POST").WithHeaders("Content-Type").SetPreflightMaxAge(TimeSpan.FromHours(1));
    }
}
