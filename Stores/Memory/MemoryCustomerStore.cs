using System.Collections.Concurrent;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

public sealed class MemoryCustomerStore(SimulatedLatency? latency = null) : ICustomerStore
{
    private readonly ConcurrentDictionary<(string Shop, string ClientId), CustomerProfile> _profiles = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;

    public int Count => _profiles.Count;

    public async Task RecordAsync(CustomerActivity activity, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(activity);
        await _latency.WaitAsync(cancellation);
        _profiles.AddOrUpdate(
            (activity.Shop, activity.ClientId),
            static (_, a) => new CustomerProfile(a.Shop, a.ClientId, a.SeenAt, a.LastSeenAt, a.Email, a.Events, a.Orders, a.Revenue),
            static (_, p, a) => p with
            {
                FirstSeen = a.SeenAt < p.FirstSeen ? a.SeenAt : p.FirstSeen,
                LastSeen = a.LastSeenAt > p.LastSeen ? a.LastSeenAt : p.LastSeen,
                Email = a.Email ?? p.Email,
                Events = p.Events + a.Events,
                Orders = p.Orders + a.Orders,
                Revenue = p.Revenue + a.Revenue,
            },
            activity);
    }

    public Task<CustomerProfile?> GetAsync(string shop, string clientId, CancellationToken cancellation) =>
        Task.FromResult(_profiles.TryGetValue((shop, clientId), out var profile) ? profile : null);
}
