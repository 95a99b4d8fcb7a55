using GrainPipeline.Dashboard.Configuration;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Runtime.Configuration;

namespace GrainPipeline.Silo.Hosting;

/// <summary>All settings of one silo, by section; validated together before anything starts.</summary>
public sealed class PipelineSiloOptions
{
    public string MemberName { get; set; } = $"silo-{Environment.ProcessId}";
    /// <summary>Container memory limit to check the budget against; 0 reads it from the cgroup (Silo:MemoryLimitBytes).</summary>
    public long MemoryLimitBytes { get; set; }

    /// <summary>Share of the limit the budget may use; the rest is headroom for the GC and fragmentation (Silo:MemorySafetyFraction).</summary>
    public double MemorySafetyFraction { get; set; } = 0.75;

    public IngestOptions Ingest { get; set; } = new();
    public RuntimeOptions Runtime { get; set; } = new();
    public StorageOptions GrainStorage { get; set; } = new();
    public ReminderOptions Reminders { get; set; } = new();
    public StageOptions Stages { get; set; } = new();
    public FlusherOptions Flusher { get; set; } = new();
    public DashboardOptions Dashboard { get; set; } = new();

    public IEnumerable<string> Validate() =>
        (MemorySafetyFraction is <= 0 or > 1 ? [$"Silo:MemorySafetyFraction must be in (0, 1] (got {MemorySafetyFraction})."] : Array.Empty<string>())
            .Concat(MemoryLimitBytes < 0 ? [$"Silo:MemoryLimitBytes must not be negative (got {MemoryLimitBytes})."] : Array.Empty<string>())
            .Concat(Ingest.Validate()).Concat(Runtime.Validate()).Concat(GrainStorage.Validate()).Concat(Reminders.Validate())
            .Concat(Stages.Validate()).Concat(Flusher.Validate()).Concat(DashboardOptionsValidator.Check(Dashboard));
}
