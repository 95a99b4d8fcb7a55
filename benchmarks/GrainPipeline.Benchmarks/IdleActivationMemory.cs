using GrainPipeline.Benchmarks.Grains;

namespace GrainPipeline.Benchmarks;

/// <summary>
/// Retained bytes per idle activation: GC.GetTotalMemory(true) before and after activating N no-op
/// grains (one call each, then idle), divided by N. Keys are made before the first measurement, so
/// their strings count as the caller's; the grain instance is measured separately so the runtime's
/// own share can be stated with and without it.
/// </summary>
internal static class IdleActivationMemory
{
    public static void Run(int count)
    {
        var keys = BenchRuntime.Keys(count);
        var instance = MeasureGrainInstance(count);
        var runtime = BenchRuntime.Start(maxActivations: count * 2);
        // Warm up code paths and one-time runtime allocations outside the measured window.
        runtime.GrainFactory.GetGrain<INoOpGrain>("warm-up").Call().GetAwaiter().GetResult();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        ActivateAll(runtime, keys);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var perActivation = (after - before) / (double)count;
        Console.WriteLine($"activations:                   {runtime.Statistics.Activations:N0}");
        Console.WriteLine($"retained, total:               {after - before:N0} bytes");
        Console.WriteLine($"per idle activation:           {perActivation:F1} bytes (with the grain instance)");
        Console.WriteLine($"grain instance (NoOpGrain):    {instance:F1} bytes");
        Console.WriteLine($"per idle activation, runtime:  {perActivation - instance:F1} bytes (without the grain instance)");
        GC.KeepAlive(keys);
        runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static void ActivateAll(Runtime.Hosting.GrainRuntime runtime, string[] keys)
    {
        const int Window = 4096;
        var pending = new List<Task>(Window);
        foreach (var key in keys)
        {
            pending.Add(runtime.GrainFactory.GetGrain<INoOpGrain>(key).Call());
            if (pending.Count < Window) continue;
            Task.WaitAll(pending);
            pending.Clear();
        }
        Task.WaitAll(pending);
    }

    /// <summary>Bytes one grain instance costs on the heap, by the same method (the holding array's slot excluded).</summary>
    private static double MeasureGrainInstance(int count)
    {
        var holder = new NoOpGrain[count];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < holder.Length; i++) holder[i] = new NoOpGrain();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(holder);
        return (after - before) / (double)count;
    }
}
