namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>Implements <see cref="IStatefulGrain"/> the way the pipeline's grains keep state: dirty in memory, written on deactivation.</summary>
public sealed class StatefulGrain(IGrainContext context, GrainProbe probe) : Grain, IStatefulGrain
{
    public const string TypeName = "stateful";
    public const string StateName = "counter";

    private readonly IPersistentState<CounterState> _state = context.GetPersistentState<CounterState>(StateName);
    private int _valueAtActivation;
    private bool _dirty;

    public Task<int> Get() => Task.FromResult(_state.State.Value);

    public Task Add(int amount)
    {
        _state.State.Value += amount;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<int> ValueAtActivation() => Task.FromResult(_valueAtActivation);

    public override Task OnActivateAsync(CancellationToken cancellation)
    {
        _valueAtActivation = _state.State.Value;
        probe.For(GetPrimaryKeyString()).Activating();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellation)
    {
        var record = probe.For(GetPrimaryKeyString());
        record.Deactivating(reason);
        if (_dirty) await _state.WriteStateAsync(cancellation);
        _dirty = false;
        record.Deactivated();
    }
}
