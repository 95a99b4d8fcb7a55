using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryEventStoreTests : EventStoreConformance
{
    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(new MemoryEventStore());
}
