namespace GrainPipeline.Runtime.Tests.Scheduler;

/// <summary>One step: what to do, to which key, and whether that call's turn yields inside.</summary>
public sealed record Step(StepKind Kind, int Key, bool YieldInTurn)
{
    public override string ToString() => $"{Kind}(k{Key}{(YieldInTurn ? ",yield" : "")})";
}
