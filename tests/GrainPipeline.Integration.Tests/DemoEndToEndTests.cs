using GrainPipeline.Silo.Demo;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Workload.Model;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Integration.Tests;

/// <summary>
/// The demo path for real: embedded Kafka-protocol broker, generator, one silo, in-memory stores,
/// then the verifier. These are the invariants "nothing lost", "per-user order" and "bad input
/// gets a dead letter with its reason".
/// </summary>
[Collection(SerialCollection.Name)]
public class DemoEndToEndTests
{
    private static async Task<DemoSummary> RunDemo(WorkloadSpec spec, TimeSpan storeLatency = default, Dictionary<string, string?>? configuration = null)
    {
        using var loggers = Logging.Create(LogLevel.Warning);
        var settings = new DemoSettings(spec, Partitions: 6, Rate: 0, storeLatency, configuration ?? [], SummaryJson: null);
        return await new DemoRunner(settings, TextWriter.Null, loggers).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task Nothing_is_lost_order_is_kept_and_every_poison_record_is_dead_lettered_with_its_reason()
    {
        var summary = await RunDemo(new WorkloadSpec { Events = 20_000, Users = 2_000, Shops = 20, Poison = 60, Seed = 7 });

        summary.Produced.Should().Be(20_000);
        summary.Lost.Should().Be(0, string.Join("; ", summary.Problems));
        summary.OrderViolations.Should().Be(0, string.Join("; ", summary.Problems));
        summary.StatsMismatches.Should().Be(0, string.Join("; ", summary.Problems));
        summary.StatCellsChecked.Should().BeGreaterThan(0);
        summary.Processed.Should().Be(20_000 - 60);
        summary.DeadLettered.Should().Be(60);
        summary.DeadLettersByReason.Keys.Should().HaveCountGreaterOrEqualTo(6, "the generator mixes six kinds of bad record");
        summary.DeadLettersByReason.Values.Sum().Should().Be(60);
    }

    [Fact]
    public async Task A_slow_store_pauses_kafka_and_in_flight_never_exceeds_the_budget()
    {
        var summary = await RunDemo(
            new WorkloadSpec { Events = 6_000, Users = 3_000, Shops = 10, Seed = 3 },
            storeLatency: TimeSpan.FromMilliseconds(5),
            // A short PauseAfter so a run of a few seconds exercises the pause, not only the wait.
            configuration: new() { ["Ingest:MaxInFlightMessages"] = "64", ["Ingest:MaxInFlightBytes"] = "1048576", ["Ingest:PauseAfter"] = "00:00:00.200" });

        summary.Lost.Should().Be(0, string.Join("; ", summary.Problems));
        summary.PeakInFlightMessages.Should().BeLessOrEqualTo(64);
        summary.PeakInFlightBytes.Should().BeLessOrEqualTo(1_048_576);
        summary.PausedMs.Should().BeGreaterThan(0, "a store slower than intake must push back on Kafka");
    }

    [Fact]
    public async Task The_activation_cap_holds_and_idle_grains_are_collected_without_losing_events()
    {
        var summary = await RunDemo(
            new WorkloadSpec { Events = 15_000, Users = 5_000, Shops = 10, Seed = 11 },
            configuration: new() { ["Runtime:MaxActivations"] = "500" });

        summary.Lost.Should().Be(0, string.Join("; ", summary.Problems));
        summary.OrderViolations.Should().Be(0, string.Join("; ", summary.Problems));
        summary.StatsMismatches.Should().Be(0, string.Join("; ", summary.Problems));
        summary.PeakActivations.Should().BeLessOrEqualTo(500);
        summary.Deactivations.Should().BeGreaterThan(500, "5,000 users through 500 slots means grains were shed and reactivated");
    }
}
