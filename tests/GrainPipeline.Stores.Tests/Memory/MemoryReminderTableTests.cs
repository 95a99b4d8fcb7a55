using GrainPipeline.Runtime.Timers;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryReminderTableTests : ReminderTableConformance
{
    protected override Task<IReminderTable> CreateTableAsync() => Task.FromResult<IReminderTable>(new MemoryReminderTable());
}
