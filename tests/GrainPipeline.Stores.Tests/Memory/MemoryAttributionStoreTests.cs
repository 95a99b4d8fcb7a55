using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryAttributionStoreTests : AttributionStoreConformance
{
    private readonly MemoryAttributionStore _store = new();

    protected override Task<IAttributionStore> CreateStoreAsync() => Task.FromResult<IAttributionStore>(_store);

    protected override Task<Attribution?> ReadBackAsync(string shop, string orderId, string model) => Task.FromResult(_store.Find(shop, orderId, model));
}
