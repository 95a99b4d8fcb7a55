using System.Globalization;
using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Shopify;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Stages;

/// <summary>Stage 4 (background): customer profile upsert and the shop's weekly unique visitors.</summary>
public sealed class CustomerStage(ICustomerStore customers, IWeeklyVisitorStore visitors, StageRunner runner, StageOptions options)
{
    public const string Name = "customer";

    /// <summary>Reads what the stage needs while the event's turn still runs.</summary>
    public static CustomerActivity Prepare(PipelineEvent evt)
    {
        var order = evt.Name == EventNames.CheckoutCompleted ? CompletedCheckout.Read(evt.Payload) : null;
        var email = order?.Email ?? JsonRead.String(evt.Payload, "customer", "email") ?? JsonRead.String(evt.Payload, "email");
        return new CustomerActivity(evt.Shop, evt.ClientId, evt.OccurredAt, email, 1, order is null ? 0 : 1, order?.Revenue ?? 0m);
    }

    /// <summary>
    /// The profile folds counters (events, orders, revenue) and cannot tell a repeat, so an event
    /// indexed before does not fold again (<see cref="BackgroundBatch.Profile"/> leaves it out): after
    /// a crash between stage 1 and this one, a profile may miss that event (at most once), where
    /// product stats, which can tell, are exact.
    /// </summary>
    public Task RecordProfileAsync(BackgroundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.Profile is { } activity
            ? runner.RunAsync(Name, StoreNames.Customers, options.CustomerTimeout, (customers, activity),
                static (a, token) => a.customers.RecordAsync(a.activity, token), batch.CutOff)
            : Task.CompletedTask;
    }

    /// <summary>
    /// Adds the visitor to the shop's weekly unique visitors: a set add, safe to repeat, which the
    /// grain asks for once per visitor and week (<see cref="BackgroundBatch.VisitorWeeks"/>).
    /// Independent of the profile, so the two writes are in flight at once.
    /// </summary>
    public Task AddVisitorAsync(BackgroundBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var weeks = batch.VisitorWeeks;
        return weeks.Count switch
        {
            0 => Task.CompletedTask,
            1 => AddVisitorAsync(batch, weeks[0]),
            _ => Task.WhenAll(weeks.Select(week => AddVisitorAsync(batch, week))),
        };
    }

    private Task AddVisitorAsync(BackgroundBatch batch, DateOnly week) =>
        runner.RunAsync(Name, StoreNames.WeeklyVisitors, options.CustomerTimeout, (visitors, batch.Shop, week, batch.ClientId),
            static (a, token) => a.visitors.AddAsync(a.Shop, a.week, a.ClientId, token), batch.CutOff);

    /// <summary>Monday of the event's ISO week, in UTC.</summary>
    public static DateOnly WeekStart(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var week = ISOWeek.GetWeekOfYear(at.UtcDateTime);
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(at.UtcDateTime), week, DayOfWeek.Monday));
        return monday <= day ? monday : day;
    }
}
