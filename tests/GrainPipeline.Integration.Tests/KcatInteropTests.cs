using System.Diagnostics;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Integration.Tests;

/// <summary>An independent Kafka client (Debian's kcat) reads what our producer wrote to our embedded broker.</summary>
[Collection(SerialCollection.Name)]
public class KcatInteropTests
{
    [Fact]
    public async Task Kcat_consumes_every_record_the_generator_produced_with_key_and_headers()
    {
        using var broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Partitions = 4 });
        var spec = new WorkloadSpec { Events = 500, Users = 50, Shops = 5, Seed = 1 };
        var report = await WorkloadProducer.RunAsync(WorkloadGenerator.Generate(spec), new ProduceOptions { Bootstrap = broker.Bootstrap, MaxLag = 0 });
        report.Produced.Should().Be(500);

        var lines = await RunKcat($"-C -b {broker.Bootstrap} -t events -e -q -f %k|%h\\n");
        lines.Should().HaveCount(500);
        lines.Should().OnlyContain(line => line.Contains(".myshopify.com:", StringComparison.Ordinal) && line.Contains("gp-source=pixel", StringComparison.Ordinal));
    }

    private static async Task<List<string>> RunKcat(string arguments)
    {
        var start = new ProcessStartInfo("kcat", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kcat did not start; ./pipeline installs it (apt-get install kcat)");
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.ExitCode.Should().Be(0, await process.StandardError.ReadToEndAsync());
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
