using System.Collections.Concurrent;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Memory;

public sealed class MemoryAdLeadStore(SimulatedLatency? latency = null) : IAdLeadStore
{
    private readonly ConcurrentDictionary<(string Shop, string ClientId, string ClickKey), AdLead> _leads = new();
    private readonly SimulatedLatency _latency = latency ?? SimulatedLatency.None;

    public int Count => _leads.Count;

    /// <summary>The stored lead, if any (tests and tools).</summary>
    public AdLead? Find(string shop, string clientId, string clickKey) => _leads.TryGetValue((shop, clientId, clickKey), out var lead) ? lead : null;

    public async Task UpsertAsync(AdLead lead, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(lead);
        await _latency.WaitAsync(cancellation);
        _leads[(lead.Shop, lead.ClientId, lead.ClickKey)] = lead;
    }
}
