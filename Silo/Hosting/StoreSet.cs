using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;

namespace GrainPipeline.Silo.Hosting;

/// <summary>Every store a silo writes to, chosen once by the composition root.</summary>
public sealed record StoreSet(
    IEventStore Events,
    IAdLeadStore AdLeads,
    IAttributionStore Attributions,
    ICustomerStore Customers,
    IWeeklyVisitorStore WeeklyVisitors,
    IProductStatsBuffer StatsBuffer,
    IProductStatsStore ProductStats,
    IGrainStorage GrainStorage,
    IReminderTable Reminders)
{
    /// <summary>The embedded default: everything in this process, optionally slowed down to show backpressure.</summary>
    public static StoreSet InMemory(TimeSpan storeLatency = default)
    {
        var latency = new SimulatedLatency(storeLatency);
        return new StoreSet(new MemoryEventStore(latency), new MemoryAdLeadStore(latency), new MemoryAttributionStore(latency),
            new MemoryCustomerStore(latency), new MemoryWeeklyVisitorStore(latency), new MemoryProductStatsBuffer(latency),
            new MemoryProductStatsStore(latency), new MemoryGrainStorage(), new MemoryReminderTable());
    }
}
