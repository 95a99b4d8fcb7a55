namespace GrainPipeline.Dashboard.Tests.Infrastructure;

/// <summary>Polls a condition that depends on a live pipeline (no event to await there), failing with what was awaited.</summary>
public static class Eventually
{
    public static async Task<T> ThatAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        T last;
        while (true)
        {
            last = await read();
            if (done(last)) return last;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what}; last seen: {last}");
            await Task.Delay(250);
        }
    }
}
