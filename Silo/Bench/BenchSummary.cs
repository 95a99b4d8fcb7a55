using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrainPipeline.Silo.Bench;

/// <summary>
/// The bench's result; field names are the contract of <c>bench --summary-json</c>. The top-level
/// pipeline fields are the in-memory run; <see cref="RedisPostgres"/> holds the same measurements on
/// Redis and PostgreSQL when <c>--stores redis-postgres</c> asked for them.
/// </summary>
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

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BenchPhaseSummary? RedisPostgres { get; init; }

    /// <summary>Runs whose silo did not account for every event, or whose stores miss rows; empty when all is well.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One store kind's measurements, the same as the top-level ones of the in-memory run.</summary>
public sealed record BenchPhaseSummary
{
    public string Stores { get; init; } = "";
    public double EventsPerSecond { get; init; }
    public double RatioToBaseline { get; init; }
    public double PeakRssMiB { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public double P999Ms { get; init; }
    public double LatencyRatePerSecond { get; init; }
    public double CpuSecondsPerMillion { get; init; }

    /// <summary>Redis and PostgreSQL CPU per million events in the memory run; null when the servers were given, not started by the bench.</summary>
    public double? StoreServerCpuSecondsPerMillion { get; init; }

    /// <summary>Rows the events tables held after the three runs, summed, and how many events were sent.</summary>
    public long EventRows { get; init; }

    public long ExpectedEventRows { get; init; }
}
