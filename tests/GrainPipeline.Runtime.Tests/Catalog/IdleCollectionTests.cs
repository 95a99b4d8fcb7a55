using System.Text.Json;
using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Catalog;

/// <summary>An activation with no call for IdleTimeout is deactivated (and writes its state); a recently used one is not.</summary>
public sealed class IdleCollectionTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task An_idle_grain_is_deactivated_with_IdleTimeout_and_its_state_is_written()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.IdleTimeout = IdleTimeout).Start();
        var id = new GrainId(StatefulGrain.TypeName, "sleepy");
        await host.Grain<IStatefulGrain>(id.Key).Add(3).WithTimeout("sleepy: first call");

        host.Clock.Advance(IdleTimeout + TimeSpan.FromSeconds(1));
        host.Runtime.CollectIdleNow().Should().Be(1);
        await JoinDeactivation(host, id);

        probe.For(id.Key).Deactivations.Should().Equal(DeactivationReason.IdleTimeout);
        var stored = await host.Storage.ReadAsync(StatefulGrain.StateName, id, default);
        stored.Should().NotBeNull("the grain writes its dirty state in OnDeactivateAsync");
        JsonSerializer.Deserialize<CounterState>(stored!.Data)!.Value.Should().Be(3);
        host.Runtime.IsActive(id).Should().BeFalse();
        host.Runtime.Statistics.Activations.Should().Be(0);
        host.Runtime.Statistics.Deactivations.Should().Be(1);
    }

    [Fact]
    public async Task A_grain_is_not_collected_before_IdleTimeout()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.IdleTimeout = IdleTimeout).Start();
        await host.Grain<ITestGrain>("fresh").Ping().WithTimeout("fresh: first call");

        host.Clock.Advance(IdleTimeout - TimeSpan.FromSeconds(1));

        host.Runtime.CollectIdleNow().Should().Be(0);
        host.Runtime.IsActive(TestGrains.TestGrainId("fresh")).Should().BeTrue();
    }

    [Fact]
    public async Task A_grain_with_a_recent_call_is_not_collected_while_an_idle_one_is()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.IdleTimeout = IdleTimeout).Start();
        await host.Grain<ITestGrain>("idle").Ping().WithTimeout("idle: first call");
        await host.Grain<ITestGrain>("recent").Ping().WithTimeout("recent: first call");

        host.Clock.Advance(IdleTimeout * 0.75);
        await host.Grain<ITestGrain>("recent").Ping().WithTimeout("recent: second call");
        host.Clock.Advance(IdleTimeout * 0.5);
        host.Runtime.CollectIdleNow().Should().Be(1);
        await JoinDeactivation(host, TestGrains.TestGrainId("idle"));

        probe.For("idle").Deactivations.Should().Equal(DeactivationReason.IdleTimeout);
        probe.For("recent").Deactivations.Should().BeEmpty();
        host.Runtime.IsActive(TestGrains.TestGrainId("recent")).Should().BeTrue();
    }

    [Fact]
    public async Task A_grain_whose_last_turn_finished_is_idle_even_while_its_caller_continues_on_that_thread()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.IdleTimeout = IdleTimeout).Start();

        var grain = host.Grain<ITestGrain>("finished");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = probe.For("finished").WaitFor("hold");
        var hold = grain.Hold(gate.Task);
        await holding.WithTimeout("finished: holding turn to start");

        // The ping is queued behind the held turn, so its completion - and this continuation, which
        // runs inline on the thread that ran the grain's turn - comes from inside the grain's mailbox.
        var collecting = grain.Ping().ContinueWith(_ =>
        {
            host.Clock.Advance(IdleTimeout * 2);
            return host.Runtime.CollectIdleNow();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        gate.SetResult();
        await hold.WithTimeout("finished: holding turn to finish");
        var collected = await collecting.WithTimeout("finished: ping and collect");

        collected.Should().Be(1, "the grain has nothing queued and no turn running");
        await JoinDeactivation(host, TestGrains.TestGrainId("finished"));
        probe.For("finished").Deactivations.Should().Equal(DeactivationReason.IdleTimeout);
    }

    [Fact]
    public async Task A_grain_in_the_middle_of_a_turn_is_not_collected()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.IdleTimeout = IdleTimeout).Start();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = probe.For("working").WaitFor("hold");
        var hold = host.Grain<ITestGrain>("working").Hold(gate.Task);
        await holding.WithTimeout("working: the long turn to start");

        host.Clock.Advance(IdleTimeout * 3);

        host.Runtime.CollectIdleNow().Should().Be(0, "a grain whose turn is still running is busy, however long ago it started");
        gate.SetResult();
        await hold.WithTimeout("working: the long turn to finish");
    }

    [Fact]
    public async Task The_collector_loop_collects_when_the_clock_passes_its_interval()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe)
            .Configure(o =>
            {
                o.IdleTimeout = TimeSpan.FromMinutes(1);
                o.CollectionInterval = TimeSpan.FromMinutes(2);
            })
            .Start();
        await host.Grain<ITestGrain>("looped").Ping().WithTimeout("looped: first call");
        var deactivated = probe.For("looped").WaitFor("deactivated");

        host.Clock.Advance(TimeSpan.FromMinutes(2));

        await deactivated.WithTimeout("looped: deactivation by the collector loop");
        probe.For("looped").Deactivations.Should().Equal(DeactivationReason.IdleTimeout);
    }

    /// <summary>A second request joins the one in flight, so this completes when the activation is gone.</summary>
    private static Task JoinDeactivation(TestRuntime host, GrainId id) =>
        host.Runtime.DeactivateAsync(candidate => candidate == id, DeactivationReason.IdleTimeout).WithTimeout($"{id}: idle deactivation");
}
