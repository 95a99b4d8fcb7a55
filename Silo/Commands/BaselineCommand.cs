using System.CommandLine;
using GrainPipeline.Kafka.Native;
using GrainPipeline.Silo.Bench;

namespace GrainPipeline.Silo.Commands;

/// <summary><c>grain-pipeline baseline</c>: the bare consumer (B0) the bench compares the pipeline with.</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers", Required = true };
        var events = new Option<long>("--events") { Description = "Stop after this many records", DefaultValueFactory = _ => long.MaxValue };
        var group = new Option<string>("--group") { Description = "Consumer group", DefaultValueFactory = _ => "grain-pipeline-baseline" };
        var idle = new Option<double>("--exit-when-idle") { Description = "Stop after this many quiet seconds", DefaultValueFactory = _ => 3 };
        var summary = new Option<FileInfo?>("--summary-json") { Description = "Write {consumed, activeSeconds, eventsPerSecond} to this file" };
        var command = new Command("baseline", "Consume 'events' with a bare Confluent.Kafka loop (B0 of the bench) and report records/s")
        {
            bootstrap, events, group, idle, summary,
        };
        command.SetAction((parse, cancel) =>
        {
            KafkaNativeLibrary.EnsureLoaded();
            var result = BaselineConsumer.Run(parse.GetValue(bootstrap)!, parse.GetValue(group)!, parse.GetValue(events), TimeSpan.FromSeconds(parse.GetValue(idle)), cancel);
            Console.WriteLine($"baseline: {result.Consumed:N0} records in {result.ActiveSeconds:F2} s = {result.EventsPerSecond:N0} records/s");
            if (parse.GetValue(summary) is { } file)
                File.WriteAllText(file.FullName, System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase }));
            return Task.FromResult(0);
        });
        return command;
    }
}
