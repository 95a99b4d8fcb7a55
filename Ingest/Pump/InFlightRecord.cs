using Confluent.Kafka;
using GrainPipeline.Grains.Events;
using GrainPipeline.Ingest.Offsets;

namespace GrainPipeline.Ingest.Pump;

/// <summary>
/// The pump's bookkeeping for one admitted record: its budget share, its place in the partition's
/// offsets, and the original record (for a dead letter if a stage gives up). Completes exactly once.
/// </summary>
internal sealed class InFlightRecord(IngestPump pump, PartitionOffsets offsets, object offsetToken, int bytes, ConsumeResult<byte[]?, byte[]?> record)
{
    private int _completed;

    public int Bytes => bytes;
    public ConsumeResult<byte[]?, byte[]?> Record => record;
    public PipelineEvent? Event { get; set; }

    /// <summary>
    /// Called by the event's completion once every stage has finished (or one failed). A failure
    /// after the partition's last commit here (a stop or hand-over whose drain timed out, so the
    /// stages were cut off) is not the event's fault: the next owner reads it again, so it is left
    /// to that owner rather than dead-lettered.
    /// </summary>
    public void OnEventDone(PipelineEvent evt, Exception? error)
    {
        if (error is null) Complete(RecordOutcome.Processed);
        else if (offsets.IsReleased) pump.LeaveToNextOwner(this, error);
        else pump.DeadLetterFailedEvent(this, error);
    }

    public void Complete(RecordOutcome outcome)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return;
        offsets.Complete(offsetToken);
        Event?.Dispose();
        pump.OnRecordDone(this, outcome);
    }
}

/// <summary>How an admitted record left the pump.</summary>
internal enum RecordOutcome
{
    Processed,
    DeadLettered,

    /// <summary>Cut off after its partition's last commit here; the next owner processes it.</summary>
    LeftToNextOwner,
}
