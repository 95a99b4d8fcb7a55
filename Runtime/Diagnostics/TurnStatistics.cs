using GrainPipeline.Observability.TopN;

namespace GrainPipeline.Runtime.Diagnostics;

/// <summary>
/// The busiest grains of this silo, by calls and by turn time, in a fixed number of slots: two
/// <see cref="HeavyHitters{TKey}"/> sketches per generation, two generations. <see cref="Rotate"/> drops the older generation, so a grain that went quiet leaves the
/// lists; it happens by itself once a generation is <see cref="GenerationLength"/> old. Never a per-grain history: memory is the same for ten grains or ten million.
/// </summary>
public sealed class TurnStatistics
{
    public const int DefaultCapacity = 256;

    /// <summary>How long a generation collects before the next one starts: the lists cover the last one to two minutes.</summary>
    public static readonly TimeSpan GenerationLength = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private HeavyHitters<GrainId> _byCalls;
    private HeavyHitters<GrainId> _byTime;
    private HeavyHitters<GrainId> _previousByCalls;
    private HeavyHitters<GrainId> _previousByTime;
    private long _generationStarted = Environment.TickCount64;

    public TurnStatistics(int capacity = DefaultCapacity)
    {
        _byCalls = new HeavyHitters<GrainId>(capacity);
        _byTime = new HeavyHitters<GrainId>(capacity);
        _previousByCalls = new HeavyHitters<GrainId>(capacity);
        _previousByTime = new HeavyHitters<GrainId>(capacity);
    }

    /// <summary>Counts one finished grain call and its turn time.</summary>
    public void Record(GrainId grain, TimeSpan turn)
    {
        var ms = turn.TotalMilliseconds;
        lock (_lock)
        {
            if (Environment.TickCount64 - _generationStarted >= (long)GenerationLength.TotalMilliseconds) RotateLocked();
            _byCalls.Add(grain, 1, ms);
            _byTime.Add(grain, ms, ms);
        }
    }

    /// <summary>Starts a new generation; the one before the current is forgotten.</summary>
    public void Rotate()
    {
        lock (_lock) RotateLocked();
    }

    private void RotateLocked()
    {
        (_previousByCalls, _byCalls) = (_byCalls, _previousByCalls);
        (_previousByTime, _byTime) = (_byTime, _previousByTime);
        _byCalls.Clear();
        _byTime.Clear();
        _generationStarted = Environment.TickCount64;
    }

    /// <summary>The top <paramref name="count"/> grains by calls, over the current and previous generation.</summary>
    public IReadOnlyList<GrainTurns> TopByCalls(int count) => Top(count, byTime: false);

    /// <summary>The top <paramref name="count"/> grains by total turn time, over the current and previous generation.</summary>
    public IReadOnlyList<GrainTurns> TopByTurnTime(int count) => Top(count, byTime: true);

    private List<GrainTurns> Top(int count, bool byTime)
    {
        var entries = new List<HeavyHitter<GrainId>>();
        lock (_lock)
        {
            (byTime ? _previousByTime : _previousByCalls).CopyTo(entries);
            (byTime ? _byTime : _byCalls).CopyTo(entries);
        }
        return entries
            .GroupBy(e => e.Key)
            .Select(g => new GrainTurns(g.Key, g.Sum(e => e.Calls), g.Sum(e => e.TotalMs), g.Sum(e => e.Weight), g.Sum(e => e.Error)))
            .OrderByDescending(t => t.Rank)
            .Take(count)
            .ToList();
    }
}

/// <summary>
/// One grain in a top list: calls and turn time seen while it was tracked, and the ranking weight
/// with its possible over-estimate (a grain that took over a slot inherits the evicted one's weight).
/// </summary>
public sealed record GrainTurns(GrainId Grain, long Calls, double TurnMs, double Rank, double RankError)
{
    public double MeanTurnMs => Calls == 0 ? 0 : TurnMs / Calls;
}
