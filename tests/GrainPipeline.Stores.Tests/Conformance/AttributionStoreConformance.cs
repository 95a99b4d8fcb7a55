using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>What every <see cref="IAttributionStore"/> must do: upsert by (shop, order, model).</summary>
public abstract class AttributionStoreConformance : IAsyncLifetime
{
    protected IAttributionStore Store { get; private set; } = null!;

    protected abstract Task<IAttributionStore> CreateStoreAsync();

    protected abstract Task<Attribution?> ReadBackAsync(string shop, string orderId, string model);

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    private static Attribution Row(string shop, string model, decimal revenue, DateTimeOffset? clickedAt) =>
        new(shop, "order-1", model, "c1", revenue, "EUR", clickedAt is null ? AttributionModels.Direct : "meta", clickedAt is null ? null : "spring",
            clickedAt is null ? null : "fb1", clickedAt, TestData.T0.AddHours(2));

    [Fact]
    public async Task Each_model_keeps_its_own_row_and_a_replay_replaces_it()
    {
        var shop = TestData.Shop();
        await Store.UpsertAsync(Row(shop, AttributionModels.LastClick, 19.99m, TestData.T0), default);
        await Store.UpsertAsync(Row(shop, AttributionModels.FirstClick, 19.99m, null), default);
        await Store.UpsertAsync(Row(shop, AttributionModels.LastClick, 21.50m, TestData.T0.AddMinutes(1)), default);

        (await ReadBackAsync(shop, "order-1", AttributionModels.LastClick)).Should().Be(Row(shop, AttributionModels.LastClick, 21.50m, TestData.T0.AddMinutes(1)));
        (await ReadBackAsync(shop, "order-1", AttributionModels.FirstClick)).Should().Be(Row(shop, AttributionModels.FirstClick, 19.99m, null));
        (await ReadBackAsync(shop, "order-2", AttributionModels.FirstClick)).Should().BeNull();
    }
}
