using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryProductStatsBufferTests : ProductStatsBufferConformance
{
    protected override Task<IProductStatsBuffer> CreateBufferAsync() => Task.FromResult<IProductStatsBuffer>(new MemoryProductStatsBuffer());
}
