using System.CommandLine;
using GrainPipeline.Silo.Commands;
using GrainPipeline.Silo.Hosting;

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
// A silo drains, commits, writes grain state and flushes on SIGTERM, each within its own bound; the
// process waits for their sum (at least 60 s) before it ends regardless (the library's default is 2 s).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = ProcessStopBudget.FromSiloConfiguration() });
