using GrainPipeline.Workload.Model;

namespace GrainPipeline.Silo.Demo;

/// <summary>What one demo run does: the workload, the broker shape and the silo's settings.</summary>
internal sealed record DemoSettings(
    WorkloadSpec Workload,
    int Partitions,
    double Rate,
    TimeSpan StoreLatency,
    IDictionary<string, string?> Configuration,
    FileInfo? SummaryJson)
{
    /// <summary>Send the generator's events through an in-process collector over HTTP instead of straight to Kafka.</summary>
    public bool ViaCollector { get; init; }
}
