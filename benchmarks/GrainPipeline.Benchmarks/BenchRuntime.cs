using GrainPipeline.Benchmarks.Grains;
using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Runtime.Hosting;
using GrainPipeline.Runtime.Storage;

namespace GrainPipeline.Benchmarks;

/// <summary>A started runtime with only the no-op grain registered: the runtime's own cost, nothing else.</summary>
internal static class BenchRuntime
{
    public static GrainRuntime Start(int maxActivations)
    {
        var registry = new GrainTypeRegistry()
            .Add<INoOpGrain>(NoOpGrain.TypeName, static _ => new NoOpGrain(), static (invoker, id) => new NoOpGrainReference(invoker, id));
        var runtime = new GrainRuntime(registry, new MemoryGrainStorage(), new RuntimeOptions { MaxActivations = maxActivations });
        runtime.Start();
        return runtime;
    }

    /// <summary>Keys made up front, so their strings are the caller's and not counted as the runtime's.</summary>
    public static string[] Keys(int count) => Enumerable.Range(0, count).Select(i => $"k{i}").ToArray();
}
