namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>One logged call: who sent it and its place in that caller's sequence.</summary>
public readonly record struct CallStamp(int Caller, int Sequence, bool YieldInTurn = false);
