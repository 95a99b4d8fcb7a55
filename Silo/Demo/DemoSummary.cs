using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrainPipeline.Silo.Demo;

/// <summary>The demo's result, printed and written by <c>--summary-json</c>; field names are a contract for scripts.</summary>
public sealed record DemoSummary
{
    public long Produced { get; init; }
    public long Processed { get; init; }
    /// <summary>Dead letters the broker acknowledged (each completed its record's offset).</summary>
    public long DeadLettered { get; init; }

    /// <summary>Dead letters read back from the topic by the verifier.</summary>
    public long DeadLettersReadBack { get; init; }
    public long ExpectedPoison { get; init; }
    public IReadOnlyDictionary<string, long> DeadLettersByReason { get; init; } = new Dictionary<string, long>();
    public long DuplicatesSkipped { get; init; }
    public long Lost { get; init; }
    public long OrderViolations { get; init; }
    public long StatsMismatches { get; init; }
    public long StatCellsChecked { get; init; }
    public double EventsPerSecond { get; init; }
    public double ElapsedSeconds { get; init; }
    public double PeakRssMiB { get; init; }
    public int PeakActivations { get; init; }
    public long Deactivations { get; init; }
    public double PausedMs { get; init; }
    public long PeakInFlightMessages { get; init; }
    public long PeakInFlightBytes { get; init; }
    public long MaxInFlightMessages { get; init; }
    public long MaxInFlightBytes { get; init; }
    /// <summary>memory, redis-postgres or postgres.</summary>
    public string Stores { get; init; } = "memory";
    /// <summary>How the store writes were batched (PostgreSQL rows per statement, Redis commands per socket write).</summary>
    public Hosting.StoreWriteStatistics? StoreWrites { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool Passed => Lost == 0 && OrderViolations == 0 && StatsMismatches == 0;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
