using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Poison;

namespace GrainPipeline.Workload.Generation;

/// <summary>
/// The state of one enumeration of a workload. Memory is O(users) for the Zipf CDF, the per-user last
/// timestamp and the per-user "in a session" flag, plus at most <see cref="MaxActiveSessions"/> sessions;
/// nothing grows with the number of events.
/// </summary>
/// <remarks>
/// Simulated time: every active session has a due time; the earliest is emitted next, so the stream is
/// in global time order and sessions interleave as they would on a busy storefront. A user has at most
/// one session at a time, and each of their timestamps is forced past their previous one, so per-user
/// timestamps strictly increase (the pipeline's per-user ordering relies on it).
/// </remarks>
internal sealed class GenerationRun : IDisposable
{
    /// <summary>Concurrent sessions whose events are interleaved.</summary>
    public const int MaxActiveSessions = 256;

    private const long Second = 1000;
    private const long Minute = 60 * Second;

    private readonly WorkloadSpec _spec;
    private readonly WorkloadRandom _random;
    private readonly ZipfSampler _zipf;
    private readonly UserDirectory _users;
    private readonly ShopCatalog _catalog;
    private readonly long[] _lastTimestampMs;
    private readonly bool[] _inSession;
    private readonly PriorityQueue<Session, (long DueMs, long Serial)> _due = new();
    private readonly PixelJsonWriter _writer = new();
    private readonly PixelEventBuilder _events;
    private readonly PoisonRecordFactory _poison = new();
    private readonly PoisonSchedule _schedule;
    private readonly ulong _eventIdKey;
    private readonly ulong _tokenKey;
    private long _eventSerial;
    private long _sessionSerial;
    private long _clockMs;

    public GenerationRun(WorkloadSpec spec)
    {
        _spec = spec;
        _random = new WorkloadRandom(StableHash.Key(spec.Seed, 0x5EED_0001));
        _zipf = new ZipfSampler(spec.Users, spec.ZipfExponent);
        _users = new UserDirectory(spec.Seed, spec.Shops);
        _catalog = new ShopCatalog(spec.Seed);
        _lastTimestampMs = new long[spec.Users];
        Array.Fill(_lastTimestampMs, long.MinValue);
        _inSession = new bool[spec.Users];
        _events = new PixelEventBuilder(_catalog, _writer, spec.Seed);
        _schedule = new PoisonSchedule(spec.Events, spec.Poison);
        _eventIdKey = StableHash.Key(spec.Seed, 0x1D5_0001);
        _tokenKey = StableHash.Key(spec.Seed, 0x70C3_0001);
    }

    public IEnumerable<GeneratedRecord> Records()
    {
        var startMs = _spec.BaseTime.ToUnixTimeMilliseconds();
        _clockMs = startMs;
        // A quarter of the users at most, so a fresh session almost always finds an idle user quickly.
        var concurrency = Math.Clamp(_spec.Users / 4, 1, MaxActiveSessions);
        for (var i = 0; i < concurrency; i++) StartSession(startMs + _random.Next((int)(10 * Minute)));

        for (long position = 0; position < _spec.Events; position++)
        {
            yield return _schedule.TakeIfPoison(position) ? NextPoison() : NextEvent();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _poison.Dispose();
    }

    private GeneratedRecord NextEvent()
    {
        // Never empty: a session that ends starts its successor before the next event is drawn.
        _due.TryDequeue(out var session, out var due);
        var user = session!.User.Index;
        var timestampMs = Math.Max(due.DueMs, _lastTimestampMs[user] + 1);
        _lastTimestampMs[user] = timestampMs;
        _clockMs = Math.Max(_clockMs, due.DueMs);

        var step = session.Current;
        var record = _events.Build(session, step, DateTimeOffset.FromUnixTimeMilliseconds(timestampMs), NextEventId(), _random);
        if (session.Advance())
        {
            _due.Enqueue(session, (timestampMs + ThinkTimeBefore(session.Current.Kind), session.Serial));
        }
        else
        {
            _inSession[user] = false;
            // The slot rests before the next visit, which spreads a run over hours and days like real traffic.
            StartSession(timestampMs + _random.Next((int)(20 * Minute)));
        }
        return record;
    }

    private GeneratedRecord NextPoison()
    {
        var user = _users.Get(_random.Next(_spec.Users));
        return _poison.Create(_schedule.Emitted - 1, user, NextEventId(), DateTimeOffset.FromUnixTimeMilliseconds(_clockMs));
    }

    /// <summary>
    /// Time a shopper spends before the next step, from a triangular distribution in integer
    /// milliseconds: integer arithmetic keeps timestamps identical on every platform.
    /// </summary>
    private long ThinkTimeBefore(StepKind next)
    {
        var (min, spread) = next switch
        {
            StepKind.ProductAddedToCart => (5 * Second, 40 * Second),
            StepKind.CheckoutStarted => (10 * Second, 60 * Second),
            StepKind.CheckoutCompleted => (60 * Second, 4 * Minute),
            _ => (3 * Second, 60 * Second),
        };
        return min + _random.Next((int)spread) + _random.Next((int)spread);
    }

    private string NextEventId() => "sh-" + Identifiers.Uuid(StableHash.Of(_eventIdKey, (ulong)_eventSerial++));

    private void StartSession(long startMs)
    {
        var user = PickIdleUser();
        _inSession[user] = true;
        var session = SessionPlanner.Plan(_sessionSerial++, _users.Get(user), _random, _catalog, _tokenKey);
        _due.Enqueue(session, (startMs, session.Serial));
    }

    /// <summary>
    /// A Zipf draw, re-drawn a few times if that user is mid-session, then the next idle user after it.
    /// An idle user always exists: fewer sessions run than there are users.
    /// </summary>
    private int PickIdleUser()
    {
        var user = _zipf.Sample(_random);
        for (var attempt = 0; attempt < 4 && _inSession[user]; attempt++) user = _zipf.Sample(_random);
        while (_inSession[user]) user = (user + 1) % _spec.Users;
        return user;
    }
}
