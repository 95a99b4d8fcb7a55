using GrainPipeline.Grains.Events;
using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Runs one store call of a stage with its own timeout. A store that is down or slow is retried
/// with capped backoff for as long as it takes (the ingest budget then slows intake); any other
/// error is retried <see cref="StageOptions.MaxAttempts"/> times and then fails the event.
/// </summary>
/// <remarks>
/// Stopping is checked before every attempt rather than linked into each call's token: a call
/// already under way ends by its own deadline, and no per-call registration is needed.
/// </remarks>
public sealed class StageRunner(StageOptions options, PipelineCounters counters, CancellationToken stopping)
{
    private readonly DeadlinePool _deadlines = new();

    public async Task<T> RunAsync<T, TArg>(string stage, TimeSpan timeout, TArg argument, Func<TArg, CancellationToken, Task<T>> call)
    {
        var attempts = 0;
        var backoff = options.RetryBackoff;
        while (true)
        {
            attempts++;
            stopping.ThrowIfCancellationRequested();
            var deadline = _deadlines.Rent(timeout);
            try
            {
                return await call(argument, deadline.Token);
            }
            catch (Exception e) when (IsOutage(e, deadline.Token) && !stopping.IsCancellationRequested)
            {
                counters.StoreRetried(stage, timedOut: e is OperationCanceledException);
            }
            catch (Exception e) when (!IsOutage(e, deadline.Token))
            {
                if (attempts >= options.MaxAttempts) throw new StageFailedException(stage, attempts, e);
                counters.StoreRetried(stage, timedOut: false);
            }
            finally
            {
                _deadlines.Return(deadline);
            }
            await Task.Delay(backoff, stopping);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxRetryBackoff.Ticks));
        }
    }

    public Task RunAsync<TArg>(string stage, TimeSpan timeout, TArg argument, Func<TArg, CancellationToken, Task> call) =>
        RunAsync<bool, (TArg Argument, Func<TArg, CancellationToken, Task> Call)>(stage, timeout, (argument, call), static async (a, token) =>
        {
            await a.Call(a.Argument, token);
            return true;
        });

    private static bool IsOutage(Exception error, CancellationToken deadline) =>
        error is StoreUnavailableException or TimeoutException or IOException or System.Net.Sockets.SocketException
        || (error is OperationCanceledException && deadline.IsCancellationRequested);
}
