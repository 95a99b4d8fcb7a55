namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>Implements <see cref="ITestGrain"/>; every turn and lifecycle step goes through the probe.</summary>
public sealed class TestGrain(GrainProbe probe) : Grain, ITestGrain
{
    public const string TypeName = "test";

    private KeyRecord History => probe.For(GetPrimaryKeyString());

    public async Task Record(CallStamp stamp)
    {
        using var turn = History.EnterTurn();
        if (stamp.YieldInTurn) await Task.Yield();
        History.Log(stamp);
    }

    public async Task Hold(Task gate)
    {
        using var turn = History.EnterTurn();
        History.Started("hold");
        await gate;
        History.Started("hold-finished");
    }

    public Task<string> Ping()
    {
        using var turn = History.EnterTurn();
        History.Started("ping");
        return Task.FromResult(GetPrimaryKeyString());
    }

    public Task Fail(string message)
    {
        using var turn = History.EnterTurn();
        History.Started("fail");
        throw new InvalidOperationException(message);
    }

    public Task DeactivateSoon()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override async Task OnActivateAsync(CancellationToken cancellation)
    {
        var record = History;
        record.Activating();
        await record.ActivationGate;
        if (record.TakeActivationFailure() is { } failure)
        {
            record.Deactivated();
            throw new InvalidOperationException(failure);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellation)
    {
        var record = History;
        record.Deactivating(reason);
        await record.DeactivationGate;
        record.Deactivated();
    }
}
