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
    /// The profile and the weekly visitor are independent writes, so both are in flight at once. The
    /// weekly visitor is a set add, safe to repeat, and skipped when the grain knows it was made this
    /// week (<paramref name="addVisitor"/> false); the profile folds counters (events, orders,
    /// revenue) and cannot tell a repeat, so an event indexed before (<paramref name="isNew"/> false)
    /// does not fold again: after a crash between stage 1 and this one, a profile may miss that event
    /// (at most once), where product stats, which can tell, are exact.
    /// </summary>
    public Task RunAsync(CustomerActivity activity, bool isNew = true, bool addVisitor = true, CancellationToken cutOff = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var profile = isNew
            ? runner.RunAsync(Name, StoreNames.Customers, options.CustomerTimeout, (customers, activity),
                static (a, token) => a.customers.RecordAsync(a.activity, token), cutOff)
            : Task.CompletedTask;
        var visitor = addVisitor
            ? runner.RunAsync(Name, StoreNames.WeeklyVisitors, options.CustomerTimeout, (visitors, activity),
                static (a, token) => a.visitors.AddAsync(a.activity.Shop, WeekStart(a.activity.SeenAt), a.activity.ClientId, token), cutOff)
            : Task.CompletedTask;
        if (profile.IsCompletedSuccessfully) return visitor;
        if (visitor.IsCompletedSuccessfully) return profile;
        return Task.WhenAll(profile, visitor);
    }

    /// <summary>Monday of the event's ISO week, in UTC.</summary>
    public static DateOnly WeekStart(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var week = ISOWeek.GetWeekOfYear(at.UtcDateTime);
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(at.UtcDateTime), week, DayOfWeek.Monday));
        return monday <= day ? monday : day;
    }
}
