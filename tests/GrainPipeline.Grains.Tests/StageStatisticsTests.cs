using System.Diagnostics.Metrics;
using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Stages;

namespace GrainPipeline.Grains.Tests;

/// <summary>The dashboard's per-stage and per-store figures, as the stage runner keeps them.</summary>
public sealed class StageStatisticsTests : IDisposable
{
    private readonly Meter _meter = new("stage-statistics-test");
    private readonly StageOptions _options = new() { RetryBackoff = TimeSpan.FromMilliseconds(1), MaxRetryBackoff = TimeSpan.FromMilliseconds(1), MaxAttempts = 3 };

    [Fact]
    public async Task A_call_cut_off_by_its_timeout_counts_as_a_store_timeout_and_the_retry_as_a_second_call()
    {
        var counters = new PipelineCounters(_meter);
        var runner = new StageRunner(_options, counters, CancellationToken.None);
        var attempts = 0;

        var result = await runner.RunAsync("index", StoreNames.Events, TimeSpan.FromMilliseconds(20), 0, async (_, token) =>
        {
            if (++attempts == 1) await Task.Delay(Timeout.Infinite, token);
            return 7;
        });

        result.Should().Be(7);
        var store = counters.Stages.Store(StoreNames.Events);
        store.Calls.Should().Be(2);
        store.Timeouts.Should().Be(1);
        store.Errors.Should().Be(0);
        var stage = counters.Stages.Stage("index");
        stage.Calls.Should().Be(1);
        stage.Errors.Should().Be(0);
        stage.Duration.Snapshot().Count.Should().Be(1);
    }

    [Fact]
    public async Task A_stage_that_gives_up_counts_one_stage_error_and_every_failed_store_attempt()
    {
        var counters = new PipelineCounters(_meter);
        var runner = new StageRunner(_options, counters, CancellationToken.None);

        var call = () => runner.RunAsync("ad-lead", StoreNames.AdLeads, TimeSpan.FromSeconds(5), 0,
            (_, _) => Task.FromException<int>(new InvalidOperationException("constraint violated")));

        await call.Should().ThrowAsync<StageFailedException>();
        counters.Stages.Stage("ad-lead").Errors.Should().Be(1);
        counters.Stages.Store(StoreNames.AdLeads).Errors.Should().Be(3);
        counters.Stages.Store(StoreNames.AdLeads).Timeouts.Should().Be(0);
    }

    public void Dispose() => _meter.Dispose();
}
