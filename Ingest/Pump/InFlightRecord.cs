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

    /// <summary>Called by the event's completion once every stage has finished (or one failed).</summary>
    public void OnEventDone(PipelineEvent evt, Exception? error)
    {
        if (error is null) Complete(deadLettered: false);
        else pump.DeadLetterFailedEvent(this, error);
    }

    public void Complete(bool deadLettered)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return;
        offsets.Complete(offsetToken);
        Event?.Dispose();
        pump.OnRecordDone(this, deadLettered);
    }
}
