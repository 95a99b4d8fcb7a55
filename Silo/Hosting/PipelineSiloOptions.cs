using GrainPipeline.Dashboard.Configuration;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Kafka.Security;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Stores.Postgres.Options;
using GrainPipeline.Stores.Redis.Options;

namespace GrainPipeline.Silo.Hosting;

/// <summary>All settings of one silo, by section; validated together before anything starts.</summary>
public sealed class PipelineSiloOptions
{
    public string MemberName { get; set; } = $"silo-{Environment.ProcessId}";
    /// <summary>Container memory limit to check the budget against; 0 reads it from the cgroup (Silo:MemoryLimitBytes).</summary>
    public long MemoryLimitBytes { get; set; }

    /// <summary>Share of the limit the budget may use; the rest is headroom for the GC and fragmentation (Silo:MemorySafetyFraction).</summary>
    public double MemorySafetyFraction { get; set; } = 0.75;

    /// <summary>Which adapters back the stores (Silo:Stores: memory, redis-postgres, postgres).</summary>
    public StoreKind Stores { get; set; } = StoreKind.Memory;

    /// <summary>
    /// The operator's word that this is the consumer group's only silo (Silo:SingleSilo, <c>--single-silo</c>):
    /// the <c>silo</c> verb refuses memory stores without it, since a second silo could not see their state.
    /// </summary>
    public bool SingleSilo { get; set; }

    public IngestOptions Ingest { get; set; } = new();
    public KafkaSecurityOptions Kafka { get; set; } = new();
    public RuntimeOptions Runtime { get; set; } = new();
    public StorageOptions GrainStorage { get; set; } = new();
    public ReminderOptions Reminders { get; set; } = new();
    public StageOptions Stages { get; set; } = new();
    public FlusherOptions Flusher { get; set; } = new();
    public DashboardOptions Dashboard { get; set; } = new();

    /// <summary>Used when <see cref="Stores"/> is redis-postgres.</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>Used when <see cref="Stores"/> is redis-postgres or postgres.</summary>
    public PostgresOptions Postgres { get; set; } = new();

    public IEnumerable<string> Validate() =>
        (MemorySafetyFraction is <= 0 or > 1 ? [$"Silo:MemorySafetyFraction must be in (0, 1] (got {MemorySafetyFraction})."] : Array.Empty<string>())
            .Concat(MemoryLimitBytes < 0 ? [$"Silo:MemoryLimitBytes must not be negative (got {MemoryLimitBytes})."] : Array.Empty<string>())
            .Concat(Ingest.Validate()).Concat(Kafka.Validate()).Concat(Runtime.Validate()).Concat(GrainStorage.Validate()).Concat(Reminders.Validate())
            .Concat(Stages.Validate()).Concat(Flusher.Validate()).Concat(DashboardOptionsValidator.Check(Dashboard))
            .Concat(Stores.UsesRedis() ? RedisOptionsValidator.Validate(Redis) : [])
            .Concat(Stores.UsesPostgres() ? PostgresOptionsValidator.Validate(Postgres) : []);
}
