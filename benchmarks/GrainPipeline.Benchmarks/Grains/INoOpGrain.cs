using GrainPipeline.Runtime;

namespace GrainPipeline.Benchmarks.Grains;

/// <summary>A grain that does nothing, so a benchmark measures the runtime and not the grain.</summary>
public interface INoOpGrain : IGrainWithStringKey
{
    Task Call();
}
