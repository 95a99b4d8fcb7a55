namespace GrainPipeline.Dashboard.Sources;

/// <summary>Activations by type and the busiest grains (from a fixed-size sketch).</summary>
public sealed record GrainsView(
    int Activations, int PeakActivations, int MaxActivations, long Activated, long Deactivations,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyList<HotGrain> TopByCalls,
    IReadOnlyList<HotGrain> TopByTurnTime);

/// <summary>
/// One busy grain: calls and turn time counted while it was tracked (the last one to two minutes),
/// and <see cref="RankError"/>, how much its rank may be over-estimated.
/// </summary>
public sealed record HotGrain(string Type, string Key, long Calls, double TurnMs, double MeanTurnMs, double RankError, bool Active);

/// <summary>A grain's states as JSON text and where they were read from: activation, storage or none.</summary>
public sealed record GrainStateView(string Type, string Key, string Source, IReadOnlyList<NamedState> States);

/// <summary>One named state; <see cref="Json"/> is the serialized state.</summary>
public sealed record NamedState(string Name, string Json);
