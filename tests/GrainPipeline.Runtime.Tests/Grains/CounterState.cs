namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>The stored shape of <see cref="IStatefulGrain"/>.</summary>
public sealed class CounterState
{
    public int Value { get; set; }
}
