namespace GrainPipeline.Grains.Events;

/// <summary>Where a record came from in Kafka.</summary>
public readonly record struct EventOrigin(string Topic, int Partition, long Offset)
{
    public override string ToString() => $"{Topic}/{Partition}/{Offset}";
}
