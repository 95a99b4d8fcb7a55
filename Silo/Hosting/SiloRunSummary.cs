using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrainPipeline.Silo.Hosting;

/// <summary>What one silo did in its run, for <c>silo --summary-json</c> and the bench. Names are a contract for scripts.</summary>
public sealed record SiloRunSummary
{
    public long Consumed { get; init; }
    public long Processed { get; init; }
    public long DeadLettered { get; init; }
    public long DuplicatesSkipped { get; init; }

    /// <summary>Records the consumer jumped over without reading (dropped by the broker before they were fetched).</summary>
    public long SkippedRecords { get; init; }

    /// <summary>Events cut off by a stop or hand-over after their partition's last commit here: the next owner processes them.</summary>
    public long LeftToNextOwner { get; init; }

    /// <summary>Store calls retried after a timeout or an outage: a store that cannot keep up shows here first.</summary>
    public long StoreRetries { get; init; }
    public double ActiveSeconds { get; init; }
    public double EventsPerSecond { get; init; }
    public double PeakRssMiB { get; init; }
    public double CpuSeconds { get; init; }
    public double CpuSecondsPerMillion { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public double P999Ms { get; init; }
    public int PeakActivations { get; init; }
    public long Deactivations { get; init; }

    /// <summary>Deactivations whose last step threw (a state write or final flush that failed); logged one by one.</summary>
    public long DeactivationFailures { get; init; }

    /// <summary>Final flushes (hand-over, stop) that reached Flusher:HandOverTimeout before the buffer was empty: stats left for the next owner.</summary>
    public long FinalFlushesCutShort { get; init; }
    public double PausedMs { get; init; }
    public long PeakInFlightMessages { get; init; }
    public long PeakInFlightBytes { get; init; }

    /// <summary>Managed heap after the last collection, and what the collector cost: where RSS and CPU go.</summary>
    public double ManagedHeapMiB { get; init; }

    /// <summary>Memory the GC holds from the OS (heap, free space and budgets): its share of RSS.</summary>
    public double ManagedCommittedMiB { get; init; }
    public double GcPauseSeconds { get; init; }
    public int[] GcCollections { get; init; } = [];
    public double AllocatedBytesPerEvent { get; init; }

    /// <summary>
    /// Thread-pool work items run per event, process-wide (in the demo the generator's and broker's
    /// count too): about the hand-offs between threads an event costs.
    /// </summary>
    public double WorkItemsPerEvent { get; init; }

    /// <summary>Calls run in the turn of a call queued before them (a visitor's events taken together; Runtime:MaxCallsPerTurn), per event.</summary>
    public double JoinedCallsPerEvent { get; init; }
    public string Stores { get; init; } = StoreKinds.Memory;
    public StoreWriteStatistics? StoreWrites { get; init; }

    public static SiloRunSummary Of(PipelineSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var ingest = silo.Pump.Statistics;
        var active = ingest.ActiveTime.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var consumed = ingest.Consumed;
        var latency = ingest.EndToEnd.Snapshot();
        return new SiloRunSummary
        {
            Consumed = consumed,
            Processed = silo.Pump.Processed,
            DeadLettered = silo.DeadLetters.Total,
            DuplicatesSkipped = silo.Counters.Duplicates,
            SkippedRecords = ingest.SkippedRecords,
            LeftToNextOwner = silo.Pump.LeftToNextOwner,
            StoreRetries = silo.Counters.Retries,
            ActiveSeconds = Math.Round(active, 3),
            EventsPerSecond = active > 0 ? Math.Round(ingest.Completed / active, 1) : 0,
            PeakRssMiB = Math.Round(ProcessMemory.PeakRssMiB(), 1),
            CpuSeconds = Math.Round(cpu, 2),
            CpuSecondsPerMillion = consumed > 0 ? Math.Round(cpu * 1_000_000 / consumed, 2) : 0,
            P50Ms = Math.Round(latency.Percentile(0.50), 2),
            P99Ms = Math.Round(latency.Percentile(0.99), 2),
            P999Ms = Math.Round(latency.Percentile(0.999), 2),
            PeakActivations = silo.Runtime.Statistics.PeakActivations,
            Deactivations = silo.Runtime.Statistics.Deactivations,
            DeactivationFailures = silo.Runtime.Instruments.DeactivationFailures,
            FinalFlushesCutShort = silo.Flusher.FinalFlushesCutShort,
            PausedMs = Math.Round(ingest.PausedTime.TotalMilliseconds, 1),
            PeakInFlightMessages = silo.Pump.Budget.PeakMessages,
            PeakInFlightBytes = silo.Pump.Budget.PeakBytes,
            ManagedHeapMiB = Math.Round(GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0, 1),
            ManagedCommittedMiB = Math.Round(GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0, 1),
            GcPauseSeconds = Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 3),
            GcCollections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
            AllocatedBytesPerEvent = consumed > 0 ? Math.Round((double)GC.GetTotalAllocatedBytes() / consumed) : 0,
            WorkItemsPerEvent = consumed > 0 ? Math.Round((double)ThreadPool.CompletedWorkItemCount / consumed, 2) : 0,
            JoinedCallsPerEvent = consumed > 0 ? Math.Round((double)silo.Runtime.Instruments.JoinedCalls / consumed, 2) : 0,
            Stores = silo.Stores.Kind.Name(),
            StoreWrites = silo.Stores.WriteStatistics(),
        };
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
