using System.Globalization;
using GrainPipeline.Runtime.Testing;

namespace GrainPipeline.Runtime.Tests.Scheduler;

/// <summary>
/// Calls of a batched method queued behind a turn run together in the next one: in order, bounded by
/// Runtime:MaxCallsPerTurn, each ending with its own outcome, and never past a call of another method.
/// </summary>
public sealed class BatchedCallTests
{
    [Fact]
    public async Task Calls_queued_behind_a_turn_run_together_in_order_in_the_next_one()
    {
        var log = new BatchLog();
        var (started, grain, first) = await HoldFirstTurn(log);
        await using var host = started;
        var queued = Enumerable.Range(1, 5).Select(grain.Add).ToList();
        log.ReleaseFirstTurn();
        await Task.WhenAll(queued.Append(first)).WithTimeout("b: every call");

        log.Describe().Should().Be("0 | 1 2 3 4 5");
        host.Runtime.Instruments.JoinedCalls.Should().Be(4);
    }

    [Fact]
    public async Task A_turn_takes_at_most_MaxCallsPerTurn_calls()
    {
        var log = new BatchLog();
        var (started, grain, first) = await HoldFirstTurn(log, maxCallsPerTurn: 2);
        await using var host = started;
        var queued = Enumerable.Range(1, 5).Select(grain.Add).ToList();
        log.ReleaseFirstTurn();
        await Task.WhenAll(queued.Append(first)).WithTimeout("b: every call");

        log.Describe().Should().Be("0 | 1 2 | 3 4 | 5");
    }

    [Fact]
    public async Task A_call_of_another_method_ends_the_batch_so_order_is_kept()
    {
        var log = new BatchLog();
        var (started, grain, first) = await HoldFirstTurn(log);
        await using var host = started;
        var calls = new List<Task> { first, grain.Add(1), grain.Add(2), grain.Mark(), grain.Add(3) };
        log.ReleaseFirstTurn();
        await Task.WhenAll(calls).WithTimeout("b: every call");

        log.Describe().Should().Be("0 | 1 2 | mark | 3");
    }

    [Fact]
    public async Task Each_call_ends_with_its_own_outcome_and_the_calls_not_ended_take_the_turns()
    {
        var log = new BatchLog();
        var (started, grain, first) = await HoldFirstTurn(log);
        await using var host = started;
        var ok = grain.Add(1);
        var failsAlone = grain.Add(BatchingGrain.FailThisCall);
        var failsTheTurn = grain.Add(BatchingGrain.FailTheTurn);
        var neverReached = grain.Add(2);
        log.ReleaseFirstTurn();

        await ok.WithTimeout("b: the call before the failures");
        await failsAlone.Invoking(t => t.WithTimeout("b: the failing call")).Should().ThrowAsync<ArgumentException>().WithMessage("this call*");
        await failsTheTurn.Invoking(t => t.WithTimeout("b: the call that fails the turn")).Should().ThrowAsync<InvalidOperationException>().WithMessage("the turn*");
        await neverReached.Invoking(t => t.WithTimeout("b: the call the failed turn never reached"))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("the turn*");
        await first.WithTimeout("b: the first call");
        log.Describe().Should().Be("0 | 1 -1 -2");
        (await grain.Mark().WithTimeout("b: a call after the failed turn")).Should().Be(BatchLog.MarkValue);
    }

    [Fact]
    public async Task A_call_ended_early_completes_before_its_turn_does()
    {
        var log = new BatchLog();
        var (started, grain, first) = await HoldFirstTurn(log);
        await using var host = started;
        var early = grain.Add(1);
        var held = grain.Add(BatchingGrain.Hold);
        log.ReleaseFirstTurn();

        await early.WithTimeout("b: the call ended before its turn finished");
        held.IsCompleted.Should().BeFalse("its turn is still held");
        log.ReleaseHeldTurn();
        await held.WithTimeout("b: the held call");
        await first.WithTimeout("b: the first call");
    }

    /// <summary>A runtime with one batching grain whose first call (value 0) holds its turn, so the next calls queue up behind it.</summary>
    private static async Task<(TestRuntime Host, IBatchingGrain Grain, Task First)> HoldFirstTurn(BatchLog log, int maxCallsPerTurn = 16)
    {
        var host = new TestRuntimeBuilder()
            .Configure(options => options.MaxCallsPerTurn = maxCallsPerTurn)
            .AddGrain<IBatchingGrain>("batching", _ => new BatchingGrain(log), static (invoker, id) => new BatchingGrainReference(invoker, id))
            .Start();
        var grain = host.Grain<IBatchingGrain>("b");
        var first = grain.Add(0);
        await log.FirstTurnStarted.WithTimeout("b: the first turn to start");
        return (host, grain, first);
    }

    public interface IBatchingGrain : IGrainWithStringKey
    {
        Task Add(int value);

        Task<int> Mark();
    }

    public interface IBatchingGrainTurn
    {
        Task Add(CallBatch<int> values);
    }

    private sealed class BatchingGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IBatchingGrain
    {
        public Task Add(int value) => InvokeBatched<IBatchingGrainTurn, int>(static (grain, values) => grain.Add(values), value);

        public Task<int> Mark() => Invoke<IBatchingGrain, int, int>(static (grain, _) => grain.Mark(), 0);
    }

    /// <summary>
    /// Logs the values of each turn and ends each call once its value is logged. Value 0 holds the
    /// first turn until the test lets it go; the negative ones fail their call, fail the turn, or hold it.
    /// </summary>
    private sealed class BatchingGrain(BatchLog log) : Grain, IBatchingGrain, IBatchingGrainTurn
    {
        public const int FailThisCall = -1, FailTheTurn = -2, Hold = -3;

        public Task Add(int value) => throw new NotSupportedException("called through the batched method only");

        public async Task Add(CallBatch<int> values)
        {
            var turn = new List<int>();
            log.Turns.Add(turn);
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i];
                turn.Add(value);
                if (value == 0) await log.FirstTurnGate();
                if (value == FailTheTurn) throw new InvalidOperationException("the turn failed");
                if (value == Hold) await log.HeldTurn;
                values.Complete(i, value == FailThisCall ? new ArgumentException("this call failed") : null);
            }
        }

        public Task<int> Mark()
        {
            log.Turns.Add([BatchLog.MarkValue]);
            return Task.FromResult(BatchLog.MarkValue);
        }
    }

    private sealed class BatchLog
    {
        public const int MarkValue = 100;
        private readonly TaskCompletionSource _firstTurnStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstTurnReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _heldTurnReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Written only in the grain's turns, read after the calls have ended.</summary>
        public List<List<int>> Turns { get; } = [];

        public Task FirstTurnStarted => _firstTurnStarted.Task;

        public Task HeldTurn => _heldTurnReleased.Task;

        /// <summary>The turns as "0 | 1 2 | mark": the values of a turn, turns apart by bars.</summary>
        public string Describe() =>
            string.Join(" | ", Turns.Select(turn => string.Join(' ', turn.Select(v => v == MarkValue ? "mark" : v.ToString(CultureInfo.InvariantCulture)))));

        public Task FirstTurnGate()
        {
            _firstTurnStarted.TrySetResult();
            return _firstTurnReleased.Task;
        }

        public void ReleaseFirstTurn() => _firstTurnReleased.TrySetResult();

        public void ReleaseHeldTurn() => _heldTurnReleased.TrySetResult();
    }
}
