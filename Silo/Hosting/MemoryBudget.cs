using System.Globalization;
using GrainPipeline.Runtime.Configuration;

namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// The silo's memory, added up from its bounds, checked against the container limit before start:
/// if the sum does not fit under the safety fraction, the silo refuses to start and names the
/// settings to turn down. Each term is an upper estimate of what that bound can hold.
/// </summary>
public sealed class MemoryBudget
{
    /// <summary>The CLR, code, thread stacks and librdkafka's own structures before any data.</summary>
    public const long BaselineBytes = 64L * 1024 * 1024;

    /// <summary>An in-flight event is held as its raw value and its parsed document: about twice its size.</summary>
    public const int InFlightOverhead = 2;

    /// <summary>
    /// A queued background item: one grain turn's batch (its lists, the folded customer activity and
    /// the stats of up to Runtime:MaxCallsPerTurn events), not the events, which the ingest budget counts.
    /// </summary>
    public const int BackgroundItemBytes = 1024;
    public const int StatCellBytes = 256;

    /// <summary>A background worker is a task, not a thread: its state machine and one store call's buffers.</summary>
    public const int BackgroundWorkerBytes = 4 * 1024;

    /// <summary>A pooled Npgsql connection: its read and write buffers (8 KiB each by default) and bookkeeping.</summary>
    public const int PostgresConnectionBytes = 64 * 1024;

    /// <summary>The concurrent workstation GC's gen0 budget when <c>DOTNET_GCgen0size</c> is not set.</summary>
    public const long DefaultGen0Bytes = 6L * 1024 * 1024;

    private MemoryBudget(IReadOnlyList<(string Setting, long Bytes)> terms) => Terms = terms;

    public IReadOnlyList<(string Setting, long Bytes)> Terms { get; }

    public long TotalBytes => Terms.Sum(t => t.Bytes);

    public static MemoryBudget For(PipelineSiloOptions options) =>
        For(options, Gen0Bytes(Environment.GetEnvironmentVariable("DOTNET_GCgen0size")));

    public static MemoryBudget For(PipelineSiloOptions options, long gen0Bytes)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<(string Setting, long Bytes)> terms =
        [
            ("baseline (runtime and code)", BaselineBytes),
            ("DOTNET_GCgen0size (garbage allocated between two collections)", gen0Bytes),
            ("Ingest:PrefetchKiB (librdkafka prefetch)", options.Ingest.PrefetchKiB * 1024L),
            ("Ingest:MaxInFlightBytes (x2: raw value + parsed JSON)", options.Ingest.MaxInFlightBytes * InFlightOverhead),
            ("Ingest:MaxRecordBytes (one oversized record, admitted alone)", options.Ingest.MaxRecordBytes * (long)InFlightOverhead),
            ("Ingest:DeadLetterQueueKiB (dead-letter producer queue)", options.Ingest.DeadLetterQueueKiB * 1024L),
            ("Runtime:MaxActivations x Runtime:ExpectedActivationBytes", (long)options.Runtime.MaxActivations * options.Runtime.ExpectedActivationBytes),
            ("Stages:BackgroundQueueCapacity (background work items)", (long)options.Stages.BackgroundQueueCapacity * BackgroundItemBytes),
            ("Stages:BackgroundWorkers (one store call each)", (long)options.Stages.BackgroundWorkers * BackgroundWorkerBytes),
            ("Flusher:BatchSize × Flusher:MaxConcurrentBatches (batches in flight)", (long)options.Flusher.BatchSize * options.Flusher.MaxConcurrentBatches * StatCellBytes),
        ];
        if (options.Stores.UsesRedis())
            terms.Add(("Redis:MaxPendingCommands + WriteBufferBytes + MaxReplyBytes (Redis command queue)", options.Redis.ExpectedQueueBytes()));
        if (options.Stores.UsesPostgres())
        {
            terms.Add(("Postgres:WriteQueueCapacity, WriteBatchSize x WriteConcurrency (one write queue per batched table)",
                options.Postgres.ExpectedQueueBytes(statsBuffer: !options.Stores.UsesRedis())));
            terms.Add(("Postgres:MaxPoolSize (connection buffers)", (long)options.Postgres.MaxPoolSize * PostgresConnectionBytes));
        }
        return new MemoryBudget(terms);
    }

    /// <summary>
    /// The gen0 budget the runtime was started with: <c>DOTNET_GCgen0size</c> is hexadecimal (the
    /// runtime's own reading of it); unset or unreadable means the GC's default.
    /// </summary>
    public static long Gen0Bytes(string? variable)
    {
        var digits = variable?.Trim();
        if (digits is not null && digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) digits = digits[2..];
        return long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : DefaultGen0Bytes;
    }

    /// <summary>Refuses (naming the settings) when the budget does not fit the configured or the container's limit.</summary>
    public static void ThrowIfOverLimit(PipelineSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidationException.ThrowIfAny(For(options).Check(
            options.MemoryLimitBytes > 0 ? options.MemoryLimitBytes : ContainerMemory.LimitBytes(), options.MemorySafetyFraction));
    }

    /// <summary>Problems to report when the budget does not fit under <paramref name="safetyFraction"/> of the limit.</summary>
    public IEnumerable<string> Check(long? limitBytes, double safetyFraction)
    {
        if (limitBytes is not { } limit) yield break;
        var allowed = (long)(limit * safetyFraction);
        if (TotalBytes <= allowed) yield break;
        yield return string.Create(CultureInfo.InvariantCulture,
            $"The memory budget ({MiB(TotalBytes)}) does not fit in {safetyFraction:P0} of the container limit ({MiB(limit)} → {MiB(allowed)}). Lower the largest of:");
        foreach (var (setting, bytes) in Terms.OrderByDescending(t => t.Bytes).Take(4))
            yield return $"  {setting}: {MiB(bytes)}";
    }

    public override string ToString() =>
        string.Join(Environment.NewLine, Terms.Select(t => $"  {t.Setting,-62} {MiB(t.Bytes),10}").Append($"  {"total",-62} {MiB(TotalBytes),10}"));

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB");
}
