namespace GrainPipeline.Grains;

/// <summary>A grain fed from one Kafka partition; the pump deactivates these when the partition moves away.</summary>
public interface IPartitionedGrain
{
    int Partition { get; }
}
