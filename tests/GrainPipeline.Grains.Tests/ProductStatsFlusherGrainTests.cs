using GrainPipeline.Grains.Flushing;
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

    [Fact]
    public void MaxConcurrentBatches_below_one_is_refused_by_name()
    {
        new FlusherOptions().Validate().Should().BeEmpty();
        new FlusherOptions { MaxConcurrentBatches = 0 }.Validate().Should().ContainSingle().Which.Should().StartWith("Flusher:MaxConcurrentBatches");
    }

    /// <summary>product_stats in memory, slowed down, recording how many applies overlapped at most.</summary>
    private sealed class OverlapCountingStore : IProductStatsStore
    {
        private int _now;
        private int _most;

        public MemoryProductStatsStore Inner { get; } = new();

        public int MostAtOnce => Volatile.Read(ref _most);

        public async Task<bool> ApplyBatchAsync(ProductStatBatch batch, CancellationToken cancellation)
        {
            var now = Interlocked.Increment(ref _now);
            InterlockedMax(ref _most, now);
            try
            {
                await Task.Delay(20, cancellation);
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
