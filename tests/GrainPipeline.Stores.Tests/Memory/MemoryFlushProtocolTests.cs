using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryFlushProtocolTests : FlushProtocolConformance
{
    protected override Task<(IProductStatsBuffer Buffer, IProductStatsStore Store)> CreateAsync() =>
        Task.FromResult<(IProductStatsBuffer, IProductStatsStore)>((new MemoryProductStatsBuffer(), new MemoryProductStatsStore()));
}
