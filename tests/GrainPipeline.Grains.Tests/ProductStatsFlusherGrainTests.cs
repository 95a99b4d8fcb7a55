using System.Diagnostics;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Tests;

public class ProductStatsFlusherGrainTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_silos_flushers_move_at_most_MaxConcurrentBatches_batches_at_once(int slots)
    {
        var store = new OverlapCountingStore();
        await using var harness = new UserGrainHarness(flusher: new FlusherOptions { BatchSize = 2, MaxConcurrentBatches = slots }, statsStore: store);
        const int partitions = 6;
        for (var p = 0; p < partitions; p++)
        {
            var cells = Enumerable.Range(0, 5).Select(i => new ProductStatDelta(new ProductStatKey("shop", $"product-{i}", new DateOnly(2026, 11, 2)), 1, 0, 0, 0m)).ToList();
            await harness.Buffer.IncrementAsync(p, cells, default);
        }

        var moved = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => harness.Runtime.GrainFactory.GetGrain<IProductStatsFlusherGrain>(p.ToString()).Flush()));

        moved.Should().AllSatisfy(m => m.Should().Be(5));
        store.MostAtOnce.Should().BeInRange(1, slots, "the flushers of all partitions share the silo's batch slots");
        (await store.Inner.ReadAllAsync(default).ToListAsync()).Should().HaveCount(5).And.OnlyContain(c => c.Views == partitions);
    }

    [Theory]
    [InlineData("hand-over")]
    [InlineData("deactivation deadline")]
    public async Task A_final_flush_stops_at_its_bound_and_leaves_the_rest_for_the_next_flush(string bound)
    {
        // 200 one-cell batches at 20 ms each: 4 s to empty the buffer, against a 300 ms bound.
        var bounded = TimeSpan.FromMilliseconds(300);
        var store = new OverlapCountingStore(applyDelay: TimeSpan.FromMilliseconds(20));
        await using var harness = bound == "hand-over"
            ? new UserGrainHarness(flusher: new FlusherOptions { BatchSize = 1, HandOverTimeout = bounded }, statsStore: store)
            : new UserGrainHarness(flusher: new FlusherOptions { BatchSize = 1 }, statsStore: store, runtime: new RuntimeOptions { DeactivationTimeout = bounded });
        var flusher = harness.Runtime.GrainFactory.GetGrain<IProductStatsFlusherGrain>("0");
        (await flusher.Flush()).Should().Be(0, "the buffer is still empty; this activates the flusher");
        await harness.Buffer.IncrementAsync(0, Cells(200), default);

        var handingOver = Stopwatch.StartNew();
        if (bound == "hand-over") await flusher.HandOver();
        else await harness.Runtime.DeactivateAsync(id => id.Type == ProductStatsFlusherGrain.TypeName, DeactivationReason.ShuttingDown);
        handingOver.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "the final flush ends at its bound, not when the buffer is empty");

        harness.Flusher.FlushesCutShort.Should().Be(1);
        harness.Flusher.FinalFlushesCutShort.Should().Be(1);
        var movedFirst = (await store.Inner.ReadAllAsync(default).ToListAsync()).Count;
        movedFirst.Should().BeInRange(1, 199);
        while (await flusher.Flush() > 0)
        {
            // a new activation, as on the partition's next owner, moves the rest
        }
        (await store.Inner.ReadAllAsync(default).ToListAsync()).Should().HaveCount(200).And.OnlyContain(c => c.Views == 1,
            "a batch cut between take and acknowledge is taken again and applied once");
    }

    [Fact]
    public async Task A_reminder_flush_gives_up_its_turn_after_one_period()
    {
        var store = new OverlapCountingStore(applyDelay: TimeSpan.FromMilliseconds(20));
        await using var harness = new UserGrainHarness(flusher: new FlusherOptions { BatchSize = 1, Period = TimeSpan.FromSeconds(1) }, statsStore: store);
        await harness.Buffer.IncrementAsync(0, Cells(200), default);
        var flusher = harness.Runtime.GrainFactory.GetGrain<IProductStatsFlusherGrain>("0");

        var first = await flusher.Flush();

        first.Should().BeInRange(1, 199, "4 s of batches do not fit in one 1 s period");
        harness.Flusher.FlushesCutShort.Should().BeGreaterThanOrEqualTo(1);
        harness.Flusher.FinalFlushesCutShort.Should().Be(0, "a reminder's flush is not a final one");
        while (await flusher.Flush() > 0)
        {
        }
        (await store.Inner.ReadAllAsync(default).ToListAsync()).Should().HaveCount(200).And.OnlyContain(c => c.Views == 1);
    }

    [Fact]
    public async Task A_reminder_flush_stops_when_its_partition_is_handed_over_and_the_hand_over_flush_goes_on()
    {
        var owned = true;
        var store = new OverlapCountingStore(applyDelay: TimeSpan.FromMilliseconds(20));
        await using var harness = new UserGrainHarness(flusher: new FlusherOptions { BatchSize = 1 }, statsStore: store, ownsPartition: _ => Volatile.Read(ref owned));
        await harness.Buffer.IncrementAsync(0, Cells(200), default);
        var flusher = harness.Runtime.GrainFactory.GetGrain<IProductStatsFlusherGrain>("0");

        var tick = Stopwatch.StartNew();
        var flushing = flusher.Flush(); // 4 s of batches, well within its 10 s period
        await Task.Delay(300);
        Volatile.Write(ref owned, false);
        var movedByTick = await flushing;

        tick.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "the tick's flush stops at its next batch once the partition is not owned here");
        movedByTick.Should().BeInRange(1, 199);
        var movedByHandOver = await flusher.HandOver(); // a final flush is not stopped by ownership
        (movedByTick + movedByHandOver).Should().Be(200);
        (await store.Inner.ReadAllAsync(default).ToListAsync()).Should().HaveCount(200).And.OnlyContain(c => c.Views == 1);
    }

    [Fact]
    public async Task A_hand_over_whose_batch_hangs_in_the_store_ends_at_its_bound_not_at_the_stores_timeout()
    {
        // One batch whose apply hangs for 5 s (Flusher:StoreTimeout is 10 s), against a 300 ms hand-over.
        var store = new OverlapCountingStore(applyDelay: TimeSpan.FromSeconds(5));
        await using var harness = new UserGrainHarness(flusher: new FlusherOptions { HandOverTimeout = TimeSpan.FromMilliseconds(300) }, statsStore: store);
        var flusher = harness.Runtime.GrainFactory.GetGrain<IProductStatsFlusherGrain>("0");
        (await flusher.Flush()).Should().Be(0, "the buffer is still empty; this activates the flusher");
        await harness.Buffer.IncrementAsync(0, Cells(20), default);

        var handingOver = Stopwatch.StartNew();
        (await flusher.HandOver()).Should().Be(0, "the only batch was cut before its apply finished");
        handingOver.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "the batch under way ends with the hand-over's bound");
        harness.Flusher.FinalFlushesCutShort.Should().Be(1);

        store.ApplyDelay = TimeSpan.Zero;
        (await flusher.Flush()).Should().Be(20, "the next flush takes the cut batch again");
        (await store.Inner.ReadAllAsync(default).ToListAsync()).Should().HaveCount(20).And.OnlyContain(c => c.Views == 1);
    }

    [Fact]
    public void MaxConcurrentBatches_below_one_and_a_non_positive_HandOverTimeout_are_refused_by_name()
    {
        new FlusherOptions().Validate().Should().BeEmpty();
        new FlusherOptions { MaxConcurrentBatches = 0 }.Validate().Should().ContainSingle().Which.Should().StartWith("Flusher:MaxConcurrentBatches");
        new FlusherOptions { HandOverTimeout = TimeSpan.Zero }.Validate().Should().ContainSingle().Which.Should().StartWith("Flusher:HandOverTimeout");
    }

    private static List<ProductStatDelta> Cells(int count) =>
        Enumerable.Range(0, count).Select(i => new ProductStatDelta(new ProductStatKey("shop", $"product-{i}", new DateOnly(2026, 11, 2)), 1, 0, 0, 0m)).ToList();

    /// <summary>product_stats in memory, slowed down, recording how many applies overlapped at most.</summary>
    private sealed class OverlapCountingStore(TimeSpan? applyDelay = null) : IProductStatsStore
    {
        private int _now;
        private int _most;

        public MemoryProductStatsStore Inner { get; } = new();

        public int MostAtOnce => Volatile.Read(ref _most);

        /// <summary>How long each apply takes (it ends early when its token fires).</summary>
        public TimeSpan ApplyDelay { get; set; } = applyDelay ?? TimeSpan.FromMilliseconds(20);

        public async Task<bool> ApplyBatchAsync(ProductStatBatch batch, CancellationToken cancellation)
        {
            var now = Interlocked.Increment(ref _now);
            InterlockedMax(ref _most, now);
            try
            {
                await Task.Delay(ApplyDelay, cancellation);
                return await Inner.ApplyBatchAsync(batch, cancellation);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }

        public IAsyncEnumerable<ProductStatDelta> ReadAllAsync(CancellationToken cancellation) => Inner.ReadAllAsync(cancellation);

        private static void InterlockedMax(ref int target, int value)
        {
            var seen = Volatile.Read(ref target);
            while (value > seen)
            {
                var previous = Interlocked.CompareExchange(ref target, value, seen);
                if (previous == seen) return;
                seen = previous;
            }
        }
    }
}
