namespace GrainPipeline.Runtime.Tests.Scheduler;

/// <summary>What one step of a caller's script does.</summary>
public enum StepKind
{
    /// <summary>Send a call and go on without waiting for it (pipelined).</summary>
    Send,
    /// <summary>Send a call, then wait for everything this caller has in flight.</summary>
    SendAndWait,
    /// <summary>Give the thread away before the next step.</summary>
    Yield,
    /// <summary>Ask the key's grain to deactivate, without waiting for it.</summary>
    Deactivate,
}

/// <summary>One step: what to do, to which key, and whether that call's turn yields inside.</summary>
public sealed record Step(StepKind Kind, int Key, bool YieldInTurn)
{
    public override string ToString() => $"{Kind}(k{Key}{(YieldInTurn ? ",yield" : "")})";
}

/// <summary>Several callers, each with its own script, run at the same time against a few keys.</summary>
public sealed record CallScript(int Keys, IReadOnlyList<IReadOnlyList<Step>> Callers)
{
    public override string ToString() =>
        $"{Keys} keys; " + string.Join(" | ", Callers.Select((steps, c) => $"caller {c}: {string.Join(" ", steps)}"));
}
