using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Scheduler;

/// <summary>A grain runs one turn at a time: a turn that awaits halts its mailbox, not the silo.</summary>
public sealed class NonReentrancyTests
{
    [Fact]
    public async Task A_turn_that_awaits_lets_no_other_call_of_that_grain_start_until_it_finishes()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var busy = host.Grain<ITestGrain>("busy");
        var record = probe.For("busy");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var holding = record.WaitFor("hold");
        var hold = busy.Hold(gate.Task);
        await holding.WithTimeout("busy: the holding turn to start");
        var pings = Enumerable.Range(0, 5).Select(_ => busy.Ping()).ToList();

        // Other grains keep running while "busy" awaits: each of these is a full round trip.
        for (var i = 0; i < 20; i++)
            (await host.Grain<ITestGrain>($"other-{i}").Ping().WithTimeout($"other-{i}: ping while busy holds")).Should().Be($"other-{i}");

        pings.Should().OnlyContain(p => !p.IsCompleted, "no call of busy may run while its turn awaits");
        record.Events.Should().NotContain("ping");

        gate.SetResult();
        await hold.WithTimeout("busy: the holding turn to finish");
        await Task.WhenAll(pings).WithTimeout("busy: pings queued behind the holding turn");
        record.Events.Should().Equal("activating", "hold", "hold-finished", "ping", "ping", "ping", "ping", "ping");
        record.MaxInTurn.Should().Be(1);
    }

    [Fact]
    public async Task Asynchronous_turns_of_one_grain_never_overlap()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var grain = host.Grain<ITestGrain>("yielding");

        var calls = Enumerable.Range(0, 500).Select(i => grain.Record(new CallStamp(0, i, YieldInTurn: true))).ToList();
        await Task.WhenAll(calls).WithTimeout("yielding: 500 calls whose turns yield");

        probe.For("yielding").MaxInTurn.Should().Be(1);
        probe.For("yielding").Calls.Select(c => c.Sequence).Should().Equal(Enumerable.Range(0, 500));
    }
}
