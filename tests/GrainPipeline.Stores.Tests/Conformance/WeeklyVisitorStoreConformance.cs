using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>What every <see cref="IWeeklyVisitorStore"/> must do: count distinct visitors per shop and week, idempotently.</summary>
public abstract class WeeklyVisitorStoreConformance : IAsyncLifetime
{
    private static readonly DateOnly Week = new(2026, 10, 26);

    protected IWeeklyVisitorStore Store { get; private set; } = null!;

    protected abstract Task<IWeeklyVisitorStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    [Fact]
    public async Task Adding_a_visitor_again_counts_once()
    {
        var shop = TestData.Shop();
        await Store.AddAsync(shop, Week, "c1", default);
        await Store.AddAsync(shop, Week, "c1", default);
        await Store.AddAsync(shop, Week, "c2", default);
        (await Store.CountAsync(shop, Week, default)).Should().Be(2);
    }

    [Fact]
    public async Task Shops_and_weeks_are_counted_apart()
    {
        var shop = TestData.Shop();
        var other = TestData.Shop();
        await Store.AddAsync(shop, Week, "c1", default);
        await Store.AddAsync(shop, Week.AddDays(7), "c1", default);
        await Store.AddAsync(other, Week, "c1", default);
        (await Store.CountAsync(shop, Week, default)).Should().Be(1);
        (await Store.CountAsync(shop, Week.AddDays(7), default)).Should().Be(1);
        (await Store.CountAsync(shop, Week.AddDays(14), default)).Should().Be(0);
        (await Store.CountAsync(other, Week, default)).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_adds_with_repeats_count_each_visitor_once()
    {
        var shop = TestData.Shop();
        await Task.WhenAll(Enumerable.Range(0, 600).Select(i => Store.AddAsync(shop, Week, $"c{i % 150}", default)));
        (await Store.CountAsync(shop, Week, default)).Should().Be(150);
    }
}
