using GrainPipeline.Runtime.Storage;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryGrainStorageTests : GrainStorageConformance
{
    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new MemoryGrainStorage());
}
