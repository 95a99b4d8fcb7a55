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

    /// <summary>Serve the dashboard during the run (the demo verb does, unless --no-dashboard; tests opt in).</summary>
    public bool Dashboard { get; init; }

    /// <summary>Keep the dashboard up this long after the run and its summary, for a look at the final numbers.</summary>
    public TimeSpan Linger { get; init; }
}
