using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryWeeklyVisitorStoreTests : WeeklyVisitorStoreConformance
{
    protected override Task<IWeeklyVisitorStore> CreateStoreAsync() => Task.FromResult<IWeeklyVisitorStore>(new MemoryWeeklyVisitorStore());
}
