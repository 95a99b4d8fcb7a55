namespace GrainPipeline.Runtime;

/// <summary>Marker for grain interfaces, as in Orleans.</summary>
#pragma warning disable CA1040 // A marker interface is the Orleans programming model.
public interface IGrain;

/// <summary>A grain addressed by a string key.</summary>
public interface IGrainWithStringKey : IGrain;
#pragma warning restore CA1040
