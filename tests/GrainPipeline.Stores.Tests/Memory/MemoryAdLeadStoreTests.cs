using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryAdLeadStoreTests : AdLeadStoreConformance
{
    private readonly MemoryAdLeadStore _store = new();

    protected override Task<IAdLeadStore> CreateStoreAsync() => Task.FromResult<IAdLeadStore>(_store);

    protected override Task<AdLead?> ReadBackAsync(string shop, string clientId, string clickKey) => Task.FromResult(_store.Find(shop, clientId, clickKey));
}
