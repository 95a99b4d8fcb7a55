namespace GrainPipeline.Runtime.Testing;

/// <summary>
/// Awaits with a bound, failing with a message that says what was awaited (the grain and the phase),
/// so a hung test reports where it hung instead of running until the harness kills it.
/// </summary>
public static class TaskTimeouts
{
    /// <summary>Generous: the build machines are small and shared.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task WithTimeout(this Task task, string awaiting, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = timeout ?? Default;
        try
        {
            await task.WaitAsync(limit);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {awaiting}.", e);
        }
    }

    public static async Task<T> WithTimeout<T>(this Task<T> task, string awaiting, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = timeout ?? Default;
        try
        {
            return await task.WaitAsync(limit);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {awaiting}.", e);
        }
    }
}
