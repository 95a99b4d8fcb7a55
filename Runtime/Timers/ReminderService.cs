using GrainPipeline.Runtime.Configuration;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Runtime.Timers;

/// <summary>
/// Delivers durable reminders as grain calls on the silo that owns the grain. Each pass reads the
/// table page by page and fires every owned reminder whose next tick is due; rows survive a silo
/// restart because they live in the table, not here. Only the last tick delivered per owned row is
/// kept in memory (with the schedule it counted on, so a re-registered reminder starts afresh), and
/// rows no longer seen are forgotten. Passes run one at a time.
/// </summary>
public sealed partial class ReminderService(IReminderTable table, IGrainCallInvoker invoker, Func<GrainId, bool> isOwned,
    ReminderOptions options, TimeProvider clock, ILogger logger) : IReminderRegistry
{
    private readonly Dictionary<string, (DateTimeOffset StartAt, TimeSpan Period, long Tick)> _lastTick = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pass = new(1, 1);

    public async Task RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        if (dueTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "Reminder due time must not be negative.");
        if (period < ReminderOptions.MinimumPeriod) throw new ArgumentOutOfRangeException(nameof(period), period, $"Reminder period must be at least {ReminderOptions.MinimumPeriod}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await table.UpsertAsync(new ReminderEntry(grainId, reminderName, clock.GetUtcNow() + dueTime, period), timeout.Token);
    }

    public async Task UnregisterAsync(GrainId grainId, string reminderName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await table.RemoveAsync(grainId, reminderName, timeout.Token);
    }

    /// <summary>One pass over the table; returns the ticks delivered. The loop calls it each PollInterval.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellation)
    {
        await _pass.WaitAsync(cancellation);
        try
        {
            return await FirePassAsync(cancellation);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> FirePassAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fired = 0;
        string? after = null;
        while (true)
        {
            var page = await table.ReadPageAsync(after, options.PageSize, cancellation);
            if (page.Count == 0) break;
            var ticks = new List<Task>();
            foreach (var entry in page)
            {
                if (!isOwned(entry.GrainId) || now < entry.StartAt) continue;
                seen.Add(entry.Key);
                var tick = (long)((now - entry.StartAt) / entry.Period);
                if (_lastTick.TryGetValue(entry.Key, out var last) && last.StartAt == entry.StartAt && last.Period == entry.Period && last.Tick >= tick) continue;
                _lastTick[entry.Key] = (entry.StartAt, entry.Period, tick);
                var status = new TickStatus(entry.StartAt, entry.Period, now);
                ticks.Add(Deliver(entry, status));
                fired++;
            }
            await Task.WhenAll(ticks);
            after = page[^1].Key;
            if (page.Count < options.PageSize) break;
        }
        foreach (var key in _lastTick.Keys.Where(k => !seen.Contains(k)).ToList()) _lastTick.Remove(key);
        return fired;
    }

    public async Task RunAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.PollInterval, clock, cancellation);
                await FireDueAsync(cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(logger, e);
            }
        }
    }

    private async Task Deliver(ReminderEntry entry, TickStatus status)
    {
        try
        {
            await invoker.Invoke<IRemindable, (string Name, TickStatus Status)>(entry.GrainId,
                static (grain, a) => grain.ReceiveReminder(a.Name, a.Status), (entry.Name, status));
        }
        catch (Exception e)
        {
            LogTickFailed(logger, e, entry.GrainId, entry.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder pass failed; retrying next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Name} of {GrainId} failed")]
    private static partial void LogTickFailed(ILogger logger, Exception error, GrainId grainId, string name);
}
