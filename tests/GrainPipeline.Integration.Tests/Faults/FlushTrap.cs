using GrainPipeline.Silo.Hosting;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Integration.Tests.Faults;

/// <summary>Where the flusher is caught: after the take (before the apply), or after the apply (before the ack).</summary>
public enum FlushStep
{
    BeforeApply,
    BeforeAcknowledge,
}

/// <summary>
/// Catches the first flush that reaches <see cref="Step"/> once armed and holds it there, so the test can
/// kill the silo running it. The held call then fails, as a call of a dead process never completes; every
/// later call goes through. Records which batch ids were applied and acknowledged afterwards, so the test
/// can check that the new owner finished the very batch the dead one left behind.
/// </summary>
internal sealed class FlushTrap(FlushStep step)
{
    private readonly TaskCompletionSource<ProductStatBatch> _caught = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<string> _appliedAfter = [];
    private readonly List<string> _acknowledgedAfter = [];
    private int _armed;
    private int _sprung;

    public FlushStep Step => step;

    /// <summary>The batch held at <see cref="Step"/>, once one is.</summary>
    public Task<ProductStatBatch> Caught => _caught.Task;

    public IReadOnlyList<string> AppliedAfterRelease
    {
        get { lock (_lock) return _appliedAfter.ToList(); }
    }

    public IReadOnlyList<string> AcknowledgedAfterRelease
    {
        get { lock (_lock) return _acknowledgedAfter.ToList(); }
    }

    public void Arm() => Volatile.Write(ref _armed, 1);

    /// <summary>Lets the held call fail: its silo is dead by now.</summary>
    public void Release() => _released.TrySetResult();

    public StoreSet Wrap(StoreSet stores) => stores with
    {
        StatsBuffer = new TrappedBuffer(stores.StatsBuffer, this),
        ProductStats = new TrappedStore(stores.ProductStats, this),
    };

    /// <summary>True when this call is the one to hold: armed, the right step, and nothing held before.</summary>
    private bool Springs(FlushStep at) =>
        at == step && Volatile.Read(ref _armed) == 1 && Interlocked.CompareExchange(ref _sprung, 1, 0) == 0;

    private async Task HoldAsync(ProductStatBatch batch)
    {
        _caught.TrySetResult(batch);
        await _released.Task;
        throw new OperationCanceledException("the silo running this flush was killed");
    }

    private void Record(List<string> list, string id)
    {
        if (!_released.Task.IsCompleted) return;
        lock (_lock) list.Add(id);
    }

    private sealed class TrappedStore(IProductStatsStore inner, FlushTrap trap) : IProductStatsStore
    {
        public async Task<bool> ApplyBatchAsync(ProductStatBatch batch, CancellationToken cancellation)
        {
            if (trap.Springs(FlushStep.BeforeApply)) await trap.HoldAsync(batch);
            var applied = await inner.ApplyBatchAsync(batch, cancellation);
            trap.Record(trap._appliedAfter, batch.Id);
            if (trap.Springs(FlushStep.BeforeAcknowledge)) await trap.HoldAsync(batch);
            return applied;
        }

        public IAsyncEnumerable<ProductStatDelta> ReadAllAsync(CancellationToken cancellation) => inner.ReadAllAsync(cancellation);
    }

    private sealed class TrappedBuffer(IProductStatsBuffer inner, FlushTrap trap) : IProductStatsBuffer
    {
        public Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation) =>
            inner.IncrementAsync(partition, deltas, cancellation);

        public Task<bool[]> IncrementEachOnceAsync(int partition, IReadOnlyList<EventStatDeltas> events, CancellationToken cancellation) =>
            inner.IncrementEachOnceAsync(partition, events, cancellation);

        public Task<ProductStatBatch> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation) =>
            inner.TakeBatchAsync(partition, maxKeys, cancellation);

        public async Task AcknowledgeAsync(int partition, string batchId, CancellationToken cancellation)
        {
            await inner.AcknowledgeAsync(partition, batchId, cancellation);
            trap.Record(trap._acknowledgedAfter, batchId);
        }
    }
}
