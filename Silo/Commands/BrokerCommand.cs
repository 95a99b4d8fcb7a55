using System.CommandLine;
using GrainPipeline.Kafka.Embedded;

namespace GrainPipeline.Silo.Commands;

/// <summary><c>grain-pipeline broker</c>: runs the embedded Kafka-protocol broker until Ctrl-C/SIGTERM.</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers in the mock cluster", DefaultValueFactory = _ => EmbeddedBrokerOptions.DefaultBrokers };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of 'events' and 'events.dlq'", DefaultValueFactory = _ => EmbeddedBrokerOptions.DefaultPartitions };
        var bootstrapFile = new Option<FileInfo?>("--bootstrap-file") { Description = "Also write the bootstrap list to this file" };
        var command = new Command("broker", "Run an embedded Kafka-protocol broker (librdkafka's mock cluster) with the pipeline's topics")
        {
            brokers, partitions, bootstrapFile,
        };
        command.SetAction(async (parse, cancel) =>
        {
            using var broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions
            {
                Brokers = parse.GetValue(brokers),
                Partitions = parse.GetValue(partitions),
            });
            Console.WriteLine(broker.Bootstrap);
            if (parse.GetValue(bootstrapFile) is { } file)
            {
                // Written aside and renamed, so a script polling for the file never reads it half-written.
                var partial = file.FullName + ".partial";
                await File.WriteAllTextAsync(partial, broker.Bootstrap + Environment.NewLine, cancel);
                File.Move(partial, file.FullName, overwrite: true);
            }
            Console.Error.WriteLine($"broker: {broker.Brokers} brokers, topics 'events' and 'events.dlq' with {parse.GetValue(partitions)} partitions; Ctrl-C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: the normal way to stop.
            }
            return 0;
        });
        return command;
    }
}
