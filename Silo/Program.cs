using System.CommandLine;
using GrainPipeline.Silo.Commands;

var root = new RootCommand("GrainPipeline: Shopify storefront events → per-shop analytics on Kafka-fed silos.")
{
    BrokerCommand.Create(),
    CollectorCommand.Create(),
    DemoCommand.Create(),
    ProduceCommand.Create(),
    SiloCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
