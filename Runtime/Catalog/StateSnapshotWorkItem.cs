using System.Text;
using GrainPipeline.Runtime.Scheduler;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>
/// Reads a live activation's state as JSON inside a turn of its own, so the copy is consistent
/// (never taken while a call is changing it). Diagnostic: it does not keep the grain alive, and if
/// the activation retires first it is dropped and the caller falls back to storage.
/// </summary>
internal sealed class StateSnapshotWorkItem : WorkItem
{
    private readonly TaskCompletionSource<IReadOnlyList<GrainStateJson>> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<GrainStateJson>> Result => _result.Task;

    public override bool IsForwardable => false;

    public override bool IsDiagnostic => true;

    public override Task Start(ActivationData activation)
    {
        var states = activation.IsActive
            ? activation.States.Select(s => new GrainStateJson(s.StateName, Encoding.UTF8.GetString(s.SerializeState()))).ToList()
            : [];
        _result.TrySetResult(states);
        return Task.CompletedTask;
    }

    public override void Complete(Task finished)
    {
        if (!finished.IsCompletedSuccessfully) _result.TrySetException(finished.Exception?.InnerExceptions ?? [new TaskCanceledException()]);
    }

    public override void Fail(Exception error) => _result.TrySetException(error);
}

/// <summary>One named state of a grain, as JSON text.</summary>
public sealed record GrainStateJson(string Name, string Json);
