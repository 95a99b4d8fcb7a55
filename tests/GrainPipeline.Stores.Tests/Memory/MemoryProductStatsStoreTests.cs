using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryProductStatsStoreTests : ProductStatsStoreConformance
{
    protected override Task<IProductStatsStore> CreateStoreAsync() => Task.FromResult<IProductStatsStore>(new MemoryProductStatsStore());
}
