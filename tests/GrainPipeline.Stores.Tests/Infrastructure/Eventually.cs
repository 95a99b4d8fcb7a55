using System.Diagnostics;

namespace GrainPipeline.Stores.Tests.Infrastructure;

/// <summary>Polls a condition that a background loop will make true; the timeout message names what was awaited.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit) throw new TimeoutException($"Timed out after {limit} waiting until {what}.");
            await Task.Delay(20);
        }
    }
}
