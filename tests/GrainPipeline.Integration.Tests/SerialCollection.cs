namespace GrainPipeline.Integration.Tests;

/// <summary>Integration tests run one at a time: each starts a broker and a silo on a two-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
