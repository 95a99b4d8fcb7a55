using System.CommandLine;
using GrainPipeline.Silo.Commands;

var root = new RootCommand("GrainPipeline: Shopify storefront events → per-shop analytics on Kafka-fed silos.")
{
    BaselineCommand.Create(),
    BenchCommand.Create(),
    BrokerCommand.Create(),
    CollectorCommand.Create(),
    DemoCommand.Create(),
    RecordFileCommands.Generate(),
    ProduceCommand.Create(),
    RecordFileCommands.Replay(),
    SiloCommand.Create(),
    VerifyCommand.Create(),
};
// A silo drains, commits and writes grain state on SIGTERM; give it the drain timeout's room
// before the process is ended (the library's default is 2 s).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
