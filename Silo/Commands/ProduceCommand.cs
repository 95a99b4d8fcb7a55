using System.CommandLine;
using System.Runtime.InteropServices;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Silo.Commands;

/// <summary>
/// <c>grain-pipeline produce</c>: streams a deterministic Web Pixel workload into Kafka, pausing while the
/// consumer group <c>grain-pipeline</c> is more than <c>--max-lag</c> records behind on any partition.
/// </summary>
internal static class ProduceCommand
{
    public static Command Create()
    {
        // Validators run before defaults are applied, so each default is also kept here for them to see.
        var defaults = new Dictionary<Option, object?>();
        Option<T> WithDefault<T>(Option<T> option, T value)
        {
            option.DefaultValueFactory = _ => value;
            defaults.Add(option, value);
            return option;
        }

        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (host:port[,host:port…])", Required = true };
        var events = new Option<long>("--events") { Description = "Records to produce, poison included", Required = true };
        var users = new Option<int>("--users") { Description = "Distinct visitors (browsers), each belonging to one shop", Required = true };
        var shops = new Option<int>("--shops") { Description = "Distinct shops (shop-0000.myshopify.com, …)", Required = true };
        var rate = WithDefault(new Option<double>("--rate") { Description = "Records per second; 0 = as fast as possible" }, 0);
        var zipf = WithDefault(new Option<double>("--zipf") { Description = "Zipf exponent of user activity (0 = uniform)" }, WorkloadSpec.DefaultZipfExponent);
        var poison = WithDefault(new Option<long>("--poison") { Description = "Bad records mixed in evenly (invalid JSON, missing key, …)" }, 0L);
        var seed = WithDefault(new Option<int>("--seed") { Description = "Seed: the same seed produces the same events" }, WorkloadSpec.DefaultSeed);
        var maxLag = WithDefault(new Option<long>("--max-lag") { Description = "Pause while the group's backlog on any partition exceeds this; 0 disables" }, ProduceOptions.DefaultMaxLag);
        var topic = WithDefault(new Option<string>("--topic") { Description = "Topic to write to" }, Topics.Events);

        var command = new Command("produce", "Produce a deterministic Shopify Web Pixel workload to Kafka, throttled on consumer lag")
        {
            bootstrap, events, users, shops, rate, zipf, poison, seed, maxLag, topic,
        };

        Arguments Read(Func<Option, object?> value) => new(
            new WorkloadSpec
            {
                Events = (long)value(events)!,
                Users = (int)value(users)!,
                Shops = (int)value(shops)!,
                ZipfExponent = (double)value(zipf)!,
                Poison = (long)value(poison)!,
                Seed = (int)value(seed)!,
            },
            (string?)value(bootstrap) ?? "",
            (string?)value(topic) ?? "",
            (double)value(rate)!,
            (long)value(maxLag)!);

        // One validator for every flag, reusing the spec's and options' own checks so their messages
        // (which name the flags) are the only ones there are.
        command.Validators.Add(result =>
        {
            // A missing required flag already has the parser's own error; its value would be a meaningless zero.
            if (new Option[] { bootstrap, events, users, shops }.Any(o => result.GetResult(o) is null)) return;
            Arguments arguments;
            try
            {
                arguments = Read(option => result.GetResult(option) is { } given ? given.GetValueOrDefault<object?>() : defaults.GetValueOrDefault(option));
            }
            catch (InvalidOperationException)
            {
                return; // A flag did not parse (e.g. --events abc); the parser reports that itself.
            }
            foreach (var problem in arguments.Spec.Problems()) result.AddError(problem);
            // The real probe connects to the broker; validation only needs to know there will be one.
            foreach (var problem in arguments.Options(new DelegateBacklogProbe(static () => 0)).Problems()) result.AddError(problem);
        });

        command.SetAction(async (parse, cancel) =>
        {
            // The first Ctrl-C/SIGTERM stops taking records but still flushes and prints the summary, so an
            // interrupted run says what reached the broker; a second one ends the process at once.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => StopGracefully(context, stop));
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => StopGracefully(context, stop));
            var arguments = Read(option => parse.GetResult(option)?.GetValueOrDefault<object?>());
            using var probe = arguments.MaxLag > 0
                ? new ConsumerGroupLagProbe(arguments.Bootstrap, arguments.Topic, Topics.ConsumerGroup, Console.Error)
                : null;
            var options = arguments.Options(probe) with { Diagnostics = Console.Error };
            using var producer = new WorkloadProducer(options);
            var records = WorkloadGenerator.Generate(arguments.Spec);
            var report = await ProduceConsole.RunWithProgressAsync(producer, records, arguments.Spec.Events, stop.Token);
            return ProduceConsole.PrintSummary(report, options, arguments.Spec);
        });
        return command;
    }

    private static void StopGracefully(PosixSignalContext context, CancellationTokenSource stop)
    {
        if (stop.IsCancellationRequested) return; // Second signal: let the default handling end the process.
        context.Cancel = true;
        Console.Error.WriteLine("produce: stopping after the records in flight; press Ctrl-C again to quit at once");
        stop.Cancel();
    }

    private sealed record Arguments(WorkloadSpec Spec, string Bootstrap, string Topic, double Rate, long MaxLag)
    {
        public ProduceOptions Options(IBacklogProbe? probe) => new()
        {
            Bootstrap = Bootstrap,
            Topic = Topic,
            RatePerSecond = Rate,
            MaxLag = MaxLag,
            BacklogProbe = probe,
        };
    }
}
