namespace GrainPipeline.Dashboard.Sources;

/// <summary>One readiness condition and whether it holds.</summary>
public sealed record ReadinessCheck(string Name, bool Ready, string Detail);
