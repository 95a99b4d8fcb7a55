using System.Threading.Channels;
using GrainPipeline.Grains.Events;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// A fixed set of workers for the background stages, fed by a bounded queue. A full queue makes the
/// enqueuing turn wait, which holds the ingest budget, which pauses Kafka: backpressure, not buffering.
/// Each item is one part of its event's <see cref="EventCompletion"/>.
/// </summary>
public sealed class BackgroundStagePool : IAsyncDisposable
{
    private readonly Channel<BackgroundWork> _queue;
    private readonly Task[] _workers;
    private readonly PipelineCounters _counters;

    public BackgroundStagePool(StageOptions options, PipelineCounters counters)
    {
        ArgumentNullException.ThrowIfNull(options);
        _counters = counters;
        _queue = Channel.CreateBounded<BackgroundWork>(new BoundedChannelOptions(options.BackgroundQueueCapacity)
        {
            SingleReader = false,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _workers = Enumerable.Range(0, options.BackgroundWorkers).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    public int Queued => _queue.Reader.Count;

    /// <summary>Queues work as one more part of the event; waits while the queue is full.</summary>
    public ValueTask EnqueueAsync(PipelineEvent evt, string stage, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(evt);
        evt.Completion.AddPart();
        var item = new BackgroundWork(evt, stage, work);
        return _queue.Writer.TryWrite(item) ? ValueTask.CompletedTask : WriteSlowAsync(item);
    }

    private async ValueTask WriteSlowAsync(BackgroundWork item)
    {
        try
        {
            await _queue.Writer.WriteAsync(item);
        }
        catch (ChannelClosedException e)
        {
            item.Event.Completion.PartDone(e);
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync())
        {
            Exception? error = null;
            try
            {
                await item.Work();
            }
            catch (Exception e)
            {
                error = e;
                // The stage runner already counted a stage that gave up; count anything else here.
                if (e is not StageFailedException) _counters.StageFailed(item.Stage);
            }
            item.Event.Completion.PartDone(error);
        }
    }

    /// <summary>Finishes queued work, then stops the workers.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
    }

    private sealed record BackgroundWork(PipelineEvent Event, string Stage, Func<Task> Work);
}
