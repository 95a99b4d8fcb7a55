using System.Diagnostics;
using GrainPipeline.Grains.Events;
using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Grains.Stages;

/// <summary>
/// Runs one store call of a stage with its own timeout. A store that is down or slow is retried
/// with capped backoff for as long as it takes (the ingest budget then slows intake); any other
/// error is retried <see cref="StageOptions.MaxAttempts"/> times and then fails the event.
/// Each call is counted and timed per stage and per store (<see cref="PipelineCounters.Stages"/>).
/// </summary>
/// <remarks>
/// Stopping and the event's cut-off (<see cref="PipelineEvent.CutOff"/>: its partition left this
/// silo) are checked before every attempt rather than linked into each call's token: a call already
/// under way ends by its own deadline, and no per-call registration is needed. Once either fires,
/// an outage is no longer retried: its error ends the stage.
/// </remarks>
public sealed class StageRunner(StageOptions options, PipelineCounters counters, CancellationToken stopping)
{
    private readonly DeadlinePool _deadlines = new();

    public async Task<T> RunAsync<T, TArg>(string stage, string store, TimeSpan timeout, TArg argument, Func<TArg, CancellationToken, Task<T>> call,
        CancellationToken cutOff = default)
    {
        var stageStats = counters.Stages.Stage(stage);
        var storeStats = counters.Stages.Store(store);
        stageStats.Called();
        var started = Stopwatch.GetTimestamp();
        var attempts = 0;
        var backoff = options.RetryBackoff;
        try
        {
            while (true)
            {
                attempts++;
                stopping.ThrowIfCancellationRequested();
                cutOff.ThrowIfCancellationRequested();
                storeStats.Called();
                var deadline = _deadlines.Rent(timeout);
                try
                {
                    return await call(argument, deadline.Token);
                }
                catch (Exception e) when (IsOutage(e, deadline.Token) && !stopping.IsCancellationRequested && !cutOff.IsCancellationRequested)
                {
                    var timedOut = e is OperationCanceledException;
                    if (timedOut) counters.StoreTimedOut(storeStats);
                    else counters.StoreFailed(storeStats);
                    counters.StoreRetried(stage, timedOut);
                }
                catch (Exception e) when (!IsOutage(e, deadline.Token))
                {
                    counters.StoreFailed(storeStats);
                    if (attempts >= options.MaxAttempts)
                    {
                        counters.StageFailed(stage);
                        throw new StageFailedException(stage, attempts, e);
                    }
                    counters.StoreRetried(stage, timedOut: false);
                }
                finally
                {
                    _deadlines.Return(deadline);
                }
                // One token, no linked source per retry: a stopping pump releases its partitions, which
                // cuts their events off, before the silo's stop fires; a sleep is at most MaxRetryBackoff.
                await Task.Delay(backoff, cutOff.CanBeCanceled ? cutOff : stopping);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxRetryBackoff.Ticks));
            }
        }
        finally
        {
            counters.StageCallFinished(stageStats, Stopwatch.GetElapsedTime(started));
        }
    }

    public Task RunAsync<TArg>(string stage, string store, TimeSpan timeout, TArg argument, Func<TArg, CancellationToken, Task> call,
        CancellationToken cutOff = default) =>
        RunAsync<bool, (TArg Argument, Func<TArg, CancellationToken, Task> Call)>(stage, store, timeout, (argument, call), static async (a, token) =>
        {
            await a.Call(a.Argument, token);
            return true;
        }, cutOff);

    private static bool IsOutage(Exception error, CancellationToken deadline) =>
        error is StoreUnavailableException or TimeoutException or IOException or System.Net.Sockets.SocketException
        || (error is OperationCanceledException && deadline.IsCancellationRequested);
}
