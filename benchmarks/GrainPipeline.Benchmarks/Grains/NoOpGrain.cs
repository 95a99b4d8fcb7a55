using GrainPipeline.Runtime;

namespace GrainPipeline.Benchmarks.Grains;

/// <summary>Implements <see cref="INoOpGrain"/>: no state, no fields of its own.</summary>
public sealed class NoOpGrain : Grain, INoOpGrain
{
    public const string TypeName = "noop";

    public Task Call() => Task.CompletedTask;
}
