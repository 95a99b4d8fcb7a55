using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Redis.Storage;

/// <summary>
/// Bounds an adapter call by <c>Redis:CommandTimeout</c> on top of the caller's token. When our
/// bound fires first it surfaces as <see cref="TimeoutException"/> (an outage the stage retries),
/// not as a cancellation the caller never asked for.
/// </summary>
internal static class RedisCall
{
    public static async Task<T> RunAsync<T, TState>(RedisConnection connection, string operation, TState state,
        Func<RedisConnection, TState, CancellationToken, Task<T>> body, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(connection.Options.CommandTimeout);
        try
        {
            return await body(connection, state, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"Redis {operation} took longer than {connection.Options.CommandTimeout} (Redis:CommandTimeout).", e);
        }
    }

    public static Task RunAsync<TState>(RedisConnection connection, string operation, TState state,
        Func<RedisConnection, TState, CancellationToken, Task> body, CancellationToken cancellation) =>
        RunAsync(connection, operation, (state, body), static async (c, s, token) =>
        {
            await s.body(c, s.state, token);
            return true;
        }, cancellation);
}
