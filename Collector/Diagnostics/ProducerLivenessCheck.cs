using GrainPipeline.Collector.Producing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GrainPipeline.Collector.Diagnostics;

/// <summary>
/// <c>/healthz</c>: unhealthy only when the producer failed fatally, which no retry can mend —
/// the orchestrator should restart the pod. A broker outage is not a liveness failure.
/// </summary>
public sealed class ProducerLivenessCheck(BrokerConnectivity connectivity) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connectivity.IsAlive
            ? HealthCheckResult.Healthy("producer usable")
            : HealthCheckResult.Unhealthy($"producer failed fatally: {connectivity.FatalError}"));
}
