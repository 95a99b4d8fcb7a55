namespace GrainPipeline.Kafka.Contract;

/// <summary>Default topic and group names from the record contract (DESIGN.md).</summary>
public static class Topics
{
    public const string Events = "events";
    public const string DeadLetters = "events.dlq";
    public const string ConsumerGroup = "grain-pipeline";
}
