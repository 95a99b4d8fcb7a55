using GrainPipeline.Collector.Producing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GrainPipeline.Collector.Diagnostics;

/// <summary>
/// <c>/readyz</c>: ready while the producer has a broker connection up (per librdkafka statistics of
/// the last few seconds). Not ready takes the pod out of the load balancer, so storefronts go to a
/// collector that can reach Kafka instead of collecting 503s here.
/// </summary>
public sealed class BrokerReadinessCheck(BrokerConnectivity connectivity) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connectivity.IsReady
            ? HealthCheckResult.Healthy("broker reachable")
            : HealthCheckResult.Unhealthy("no broker connection is up"));
}
