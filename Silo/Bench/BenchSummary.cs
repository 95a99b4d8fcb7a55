using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrainPipeline.Silo.Bench;

/// <summary>The bench's result; field names are the contract of <c>bench --summary-json</c>.</summary>
public sealed record BenchSummary
{
    public double BaselineEventsPerSecond { get; init; }
    public double EventsPerSecond { get; init; }
    public double RatioToBaseline { get; init; }
    public double PeakRssMiB { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public double P999Ms { get; init; }
    public double LatencyRatePerSecond { get; init; }
    public double CpuSecondsPerMillion { get; init; }
    public long MemoryRunEvents { get; init; }
    public long ThroughputRunEvents { get; init; }
    public string Stores { get; init; } = "memory";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
