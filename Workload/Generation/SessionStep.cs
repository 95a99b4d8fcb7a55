namespace GrainPipeline.Workload.Generation;

/// <summary>One planned event of a session; <see cref="ProductIndex"/> and <see cref="Quantity"/> apply to product steps only.</summary>
internal readonly record struct SessionStep(StepKind Kind, int ProductIndex = -1, int Quantity = 0);
