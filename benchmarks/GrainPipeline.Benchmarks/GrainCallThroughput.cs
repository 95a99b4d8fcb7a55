using BenchmarkDotNet.Attributes;
using GrainPipeline.Benchmarks.Grains;
using GrainPipeline.Runtime.Hosting;

namespace GrainPipeline.Benchmarks;

/// <summary>
/// No-op grain calls through typed references, over keys activated beforehand. One operation is one
/// call, so BenchmarkDotNet's mean is the time per call with every caller running; calls/s = 1 s / mean.
/// </summary>
[MemoryDiagnoser]
public class GrainCallThroughput
{
    public const int Keys = 1024;
    public const int Callers = 64;
    public const int CallsPerCaller = 1000;
    public const int BatchCallers = 8;
    public const int Batch = 512;
    public const int BatchesPerCaller = 16;

    private GrainRuntime _runtime = null!;
    private INoOpGrain[] _grains = [];

    [GlobalSetup]
    public void Setup()
    {
        _runtime = BenchRuntime.Start(maxActivations: Keys * 2);
        _grains = BenchRuntime.Keys(Keys).Select(k => _runtime.GrainFactory.GetGrain<INoOpGrain>(k)).ToArray();
        Task.WhenAll(_grains.Select(g => g.Call())).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>64 callers, each awaiting its calls one by one, spread over 1024 grains.</summary>
    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task ConcurrentCallers() => Workloads.ConcurrentCallers(_grains, Callers, CallsPerCaller);

    /// <summary>8 callers, each sending batches of 512 calls and awaiting each batch, over 1024 grains.</summary>
    [Benchmark(OperationsPerInvoke = BatchCallers * Batch * BatchesPerCaller)]
    public Task Batched() => Workloads.Batched(_grains, BatchCallers, Batch, BatchesPerCaller);
}
