namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>A grain with persistent state, written on deactivation when changed.</summary>
public interface IStatefulGrain : IGrainWithStringKey
{
    /// <summary>The value as this activation holds it.</summary>
    Task<int> Get();

    /// <summary>Changes the value in memory only; it is written when the grain deactivates.</summary>
    Task Add(int amount);

    /// <summary>The value OnActivateAsync saw (what storage held at activation).</summary>
    Task<int> ValueAtActivation();
}
