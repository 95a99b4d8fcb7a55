using System.Diagnostics;
using System.Globalization;

namespace GrainPipeline.StoresBench;

/// <summary>Runs workers that loop an operation for a fixed time (after a short warm-up) and reports operations per second.</summary>
internal static class Measure
{
    public static async Task<double> RateAsync(string name, int workers, TimeSpan duration, Func<int, long, Task> operation, Func<string>? detail = null)
    {
        await RunAsync(workers, TimeSpan.FromSeconds(0.5), operation, 1_000_000_000); // warm-up: pools, prepared statements, JIT
        var watch = Stopwatch.StartNew();
        var operations = await RunAsync(workers, duration, operation, 0);
        var rate = operations / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-44} {rate,12:N0} ops/s  ({operations:N0} in {watch.Elapsed.TotalSeconds:0.00} s, {workers} workers){(detail is null ? "" : "  " + detail())}"));
        return rate;
    }

    private static async Task<long> RunAsync(int workers, TimeSpan duration, Func<int, long, Task> operation, long sequenceBase)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long total = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            long count = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                await operation(worker, sequenceBase + (worker * 10_000_000L) + count);
                count++;
            }
            Interlocked.Add(ref total, count);
        })));
        return total;
    }
}
