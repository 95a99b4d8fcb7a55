using GrainPipeline.Collector.Diagnostics;
using GrainPipeline.Collector.Pixel;
using GrainPipeline.Collector.Webhooks;
using GrainPipeline.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainPipeline.Collector.Hosting;

/// <summary>The collector's routes: the two intake endpoints plus /metrics, /healthz and /readyz.</summary>
public static class CollectorEndpoints
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";
    public const string MetricsRoute = "/metrics";
    public const string HealthRoute = "/healthz";
    public const string ReadyRoute = "/readyz";

    /// <returns>True when the webhook route was mapped (at least one secret is configured).</returns>
    public static bool MapCollector(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(PixelEndpoint.Route, (HttpContext context, string shop, PixelEndpoint pixel) => pixel.HandleAsync(context, shop))
            .RequireCors(CollectorServiceCollectionExtensions.StorefrontCorsPolicy);

        // Without a secret no delivery can be verified; an unmapped route (404) says so more plainly than 401s.
        var webhooks = endpoints.ServiceProvider.GetRequiredService<HmacVerifier>().HasSecrets;
        if (webhooks) endpoints.MapPost(WebhookEndpoint.Route, (HttpContext context, WebhookEndpoint webhook) => webhook.HandleAsync(context));

        endpoints.MapGet(MetricsRoute, (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType));
        endpoints.MapHealthChecks(HealthRoute, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        endpoints.MapHealthChecks(ReadyRoute, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return webhooks;
    }
}
