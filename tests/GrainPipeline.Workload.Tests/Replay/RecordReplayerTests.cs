using System.Text;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Workload.Producing;
using GrainPipeline.Workload.Replay;

namespace GrainPipeline.Workload.Tests.Replay;

/// <summary>The replay against the in-process embedded broker.</summary>
public sealed class RecordReplayerTests : IDisposable
{
    private readonly EmbeddedBroker _broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Partitions = 4 });

    public void Dispose() => _broker.Dispose();

    [Fact]
    public void Records_queued_in_the_client_count_against_the_max_lag()
    {
        // The broker reports no backlog at all, so only the client's own queue can hold the replay back.
        var records = Enumerable.Range(0, 3_000)
            .Select(i => new RecordedMessage(Encoding.UTF8.GetBytes($"user-{i % 100}"), new byte[1_000], []))
            .ToList();
        RecordReplayer? replayer = null;
        long peakQueued = 0;
        var probe = new DelegateBacklogProbe(() =>
        {
            peakQueued = Math.Max(peakQueued, replayer!.Queued);
            return 0;
        });
        replayer = new RecordReplayer(_broker.Bootstrap, Topics.Events, ratePerSecond: 0, maxLag: 50, probe);

        var result = replayer.Run(records, CancellationToken.None);

        result.Produced.Should().Be(3_000);
        result.Failed.Should().Be(0);
        peakQueued.Should().BeLessThanOrEqualTo(51, "a record is sent only while fewer than max-lag records wait for the broker");
        replayer.Queued.Should().Be(0);
    }
}
