namespace GrainPipeline.Runtime.Tests.Scheduler;

/// <summary>Several callers, each with its own script, run at the same time against a few keys.</summary>
public sealed record CallScript(int Keys, IReadOnlyList<IReadOnlyList<Step>> Callers)
{
    public override string ToString() =>
        $"{Keys} keys; " + string.Join(" | ", Callers.Select((steps, c) => $"caller {c}: {string.Join(" ", steps)}"));
}
