using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryCustomerStoreTests : CustomerStoreConformance
{
    protected override Task<ICustomerStore> CreateStoreAsync() => Task.FromResult<ICustomerStore>(new MemoryCustomerStore());
}
