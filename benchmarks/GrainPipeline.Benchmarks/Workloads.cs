using GrainPipeline.Benchmarks.Grains;

namespace GrainPipeline.Benchmarks;

/// <summary>The call patterns the throughput numbers are made of; shared by the BenchmarkDotNet and quick modes.</summary>
internal static class Workloads
{
    /// <summary>Each caller awaits one call at a time; caller c walks the grains from its own offset.</summary>
    public static Task ConcurrentCallers(INoOpGrain[] grains, int callers, int callsPerCaller)
    {
        var running = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            var caller = c;
            running[c] = Task.Run(async () =>
            {
                var index = caller * 7919;
                for (var i = 0; i < callsPerCaller; i++)
                {
                    await grains[index % grains.Length].Call();
                    index++;
                }
            });
        }
        return Task.WhenAll(running);
    }

    /// <summary>
    /// Each caller sends a batch of calls without waiting, then waits for the whole batch - the shape
    /// of a consumer loop dispatching a poll's worth of events.
    /// </summary>
    public static Task Batched(INoOpGrain[] grains, int callers, int batch, int batchesPerCaller)
    {
        var running = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            var caller = c;
            running[c] = Task.Run(async () =>
            {
                var pending = new Task[batch];
                var index = caller * 7919;
                for (var b = 0; b < batchesPerCaller; b++)
                {
                    for (var i = 0; i < batch; i++)
                    {
                        pending[i] = grains[index % grains.Length].Call();
                        index++;
                    }
                    await Task.WhenAll(pending);
                }
            });
        }
        return Task.WhenAll(running);
    }
}
