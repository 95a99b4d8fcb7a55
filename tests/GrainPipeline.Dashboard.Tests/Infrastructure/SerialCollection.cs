namespace GrainPipeline.Dashboard.Tests.Infrastructure;

/// <summary>Tests that run a whole demo (broker, silo, generator) go one at a time: the machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "demo runs, one at a time";
}
