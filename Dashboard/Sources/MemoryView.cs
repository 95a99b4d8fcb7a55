namespace GrainPipeline.Dashboard.Sources;

/// <summary>The silo's memory budget (the terms checked at start-up) against the container limit.</summary>
public sealed record MemoryView(long? ContainerLimitBytes, double SafetyFraction, long BudgetBytes, IReadOnlyList<BudgetTerm> Terms);

public sealed record BudgetTerm(string Setting, long Bytes);
