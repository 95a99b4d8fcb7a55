using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Runtime;

namespace GrainPipeline.Grains.User;

/// <summary>
/// Stage 1 for a run of events that share a turn: those the grain has not seen recently are written
/// with one store call, in event order (one statement, so write sequences keep the visitor's order,
/// and retried as one, so an outage cannot reorder them). The run ends before an id it already
/// holds, so a repeat is still found in the grain's memory, and where the cut-off changes.
/// </summary>
/// <remarks>
/// Should the call fail for good (a bad row fails the statement), the rest of the run is written one
/// event at a time, in order, as separate turns would have: only the bad event fails.
/// </remarks>
internal sealed class IndexRun
{
    private readonly IndexStage _index;
    private readonly CallBatch<PipelineEvent> _events;
    private readonly int _first;
    private readonly int _end;
    /// <summary>Per event of the run: its place in the store call, or -1 for a recent repeat.</summary>
    private readonly int[] _slots;
    private readonly Task<bool[]>? _writes;
    private readonly int _written;
    private bool _oneByOne;

    private IndexRun(IndexStage index, CallBatch<PipelineEvent> events, int first, UserState state)
    {
        _index = index;
        _events = events;
        _first = first;
        _end = RunEnd(events, first);
        _slots = new int[_end - first];
        var toWrite = new List<PipelineEvent>(_slots.Length);
        for (var i = first; i < _end; i++)
        {
            var evt = events[i];
            if (index.IsRecentRepeat(evt, state))
            {
                _slots[i - first] = -1;
                continue;
            }
            _slots[i - first] = toWrite.Count;
            toWrite.Add(evt);
        }
        _written = toWrite.Count;
        if (_written > 0) _writes = index.WriteAllAsync(toWrite);
    }

    /// <summary>Starts the run that begins with event <paramref name="first"/> (never null).</summary>
    public static IndexRun Start(IndexStage index, CallBatch<PipelineEvent> events, int first, UserState state) => new(index, events, first, state);

    public bool Covers(int index) => index >= _first && index < _end;

    /// <summary>Stage 1's outcome for event <paramref name="index"/>; call in the grain's turn, in event order.</summary>
    public async Task<IndexOutcome> OutcomeAsync(int index, UserState state)
    {
        var slot = _slots[index - _first];
        if (slot < 0) return IndexOutcome.SeenRecently;
        var evt = _events[index];
        if (!_oneByOne)
        {
            try
            {
                var isNew = await _writes!;
                return _index.Finish(evt, state, isNew[slot]);
            }
            catch (StageFailedException) when (_written > 1)
            {
                _oneByOne = true;
            }
        }
        return _index.Finish(evt, state, await _index.WriteAsync(evt));
    }

    private static int RunEnd(CallBatch<PipelineEvent> events, int first)
    {
        var cutOff = events[first].CutOff;
        var end = first + 1;
        while (end < events.Count && events[end] is { } next && next.CutOff == cutOff && !IdIn(events, first, end, next.EventId)) end++;
        return end;
    }

    private static bool IdIn(CallBatch<PipelineEvent> events, int from, int to, string eventId)
    {
        for (var i = from; i < to; i++)
            if (string.Equals(events[i].EventId, eventId, StringComparison.Ordinal)) return true;
        return false;
    }
}
