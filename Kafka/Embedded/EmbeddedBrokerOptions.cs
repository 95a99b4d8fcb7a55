using GrainPipeline.Kafka.Contract;

namespace GrainPipeline.Kafka.Embedded;

public sealed class EmbeddedBrokerOptions
{
    public const int DefaultBrokers = 3;
    public const int DefaultPartitions = 12;

    public int Brokers { get; set; } = DefaultBrokers;
    public int Partitions { get; set; } = DefaultPartitions;
    public string Topic { get; set; } = Topics.Events;
    public string DeadLetterTopic { get; set; } = Topics.DeadLetters;

    public void Validate()
    {
        if (Brokers is < 1 or > 32) throw new ArgumentOutOfRangeException(nameof(Brokers), Brokers, "--brokers must be between 1 and 32");
        if (Partitions is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(Partitions), Partitions, "--partitions must be between 1 and 1024");
        if (string.IsNullOrWhiteSpace(Topic) || string.IsNullOrWhiteSpace(DeadLetterTopic)) throw new ArgumentException("Topic names must not be empty");
    }
}
