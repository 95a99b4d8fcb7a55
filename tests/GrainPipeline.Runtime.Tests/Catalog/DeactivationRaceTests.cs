using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Catalog;

/// <summary>
/// Calls that race a deactivation are neither lost nor run on two activations at once: they wait for
/// the old activation to finish and run, in order, on its successor.
/// </summary>
public sealed class DeactivationRaceTests
{
    [Fact]
    public async Task Calls_sent_while_a_grain_deactivates_run_once_in_order_on_its_successor()
    {
        const int Calls = 50;
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var id = TestGrains.TestGrainId("racing");
        var record = probe.For(id.Key);
        var grain = host.Grain<ITestGrain>(id.Key);
        await grain.Ping().WithTimeout("racing: first activation");
        var gate = record.HoldDeactivation();

        var deactivating = record.WaitFor("deactivating");
        var deactivation = host.Runtime.DeactivateAsync(candidate => candidate == id, DeactivationReason.ApplicationRequested);
        await deactivating.WithTimeout("racing: OnDeactivateAsync to start");
        var sent = new List<Task>();
        for (var i = 0; i < Calls; i++)
            sent.Add(grain.Record(new CallStamp(0, i, YieldInTurn: i % 2 == 0)));
        var fromElsewhere = Task.Run(() => Task.WhenAll(Enumerable.Range(0, Calls).Select(i => host.Grain<ITestGrain>(id.Key).Record(new CallStamp(1, i)))));

        sent.Should().OnlyContain(t => !t.IsCompleted, "the old activation is still deactivating");
        record.Calls.Should().BeEmpty();
        gate.SetResult();
        await deactivation.WithTimeout("racing: deactivation to finish");
        await Task.WhenAll(sent).WithTimeout("racing: calls sent during deactivation");
        await fromElsewhere.WithTimeout("racing: calls from a second caller");

        var calls = record.Calls;
        calls.Where(c => c.Caller == 0).Select(c => c.Sequence).Should().Equal(Enumerable.Range(0, Calls));
        calls.Where(c => c.Caller == 1).Select(c => c.Sequence).Should().Equal(Enumerable.Range(0, Calls));
        record.Activations.Should().Be(2);
        record.MaxLive.Should().Be(1, "the successor may start only after the old activation is gone");
        record.MaxInTurn.Should().Be(1);
        var events = record.Events.ToList();
        events.IndexOf("deactivated").Should().BeLessThan(events.LastIndexOf("activating"));
    }

    [Fact]
    public async Task Calls_queued_behind_DeactivateOnIdle_are_forwarded_to_a_successor_in_order()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var grain = host.Grain<ITestGrain>("self-retiring");
        var record = probe.For("self-retiring");

        // Each round's calls are sent while the previous round's deactivation may still be queued or
        // running; whichever it meets, a round runs on one activation and the next round on the next.
        var calls = new List<Task>();
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 5; i++) calls.Add(grain.Record(new CallStamp(0, round * 5 + i, YieldInTurn: i == 2)));
            await grain.DeactivateSoon().WithTimeout($"self-retiring: DeactivateOnIdle of round {round}");
        }
        await Task.WhenAll(calls).WithTimeout("self-retiring: 20 rounds of calls");

        record.Calls.Select(c => c.Sequence).Should().Equal(Enumerable.Range(0, 100));
        record.Activations.Should().Be(20);
        record.MaxLive.Should().Be(1);
        record.MaxInTurn.Should().Be(1);
    }

    [Fact]
    public async Task Repeated_deactivations_racing_concurrent_callers_lose_and_duplicate_nothing()
    {
        const int Callers = 4;
        const int PerCaller = 300;
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var id = TestGrains.TestGrainId("churned");

        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var pending = new List<Task>();
            for (var i = 0; i < PerCaller; i++)
            {
                pending.Add(host.Grain<ITestGrain>(id.Key).Record(new CallStamp(caller, i, YieldInTurn: i % 3 == 0)));
                if (i % 10 == 9) await Task.WhenAll(pending);
            }
            await Task.WhenAll(pending);
        })).ToList();
        var churn = Task.Run(async () =>
        {
            while (!callers.TrueForAll(c => c.IsCompleted))
            {
                await host.Runtime.DeactivateAsync(candidate => candidate == id, DeactivationReason.ApplicationRequested);
                await Task.Yield();
            }
        });
        await Task.WhenAll(callers).WithTimeout("churned: callers racing deactivations");
        await churn.WithTimeout("churned: the deactivating loop");

        var record = probe.For(id.Key);
        for (var caller = 0; caller < Callers; caller++)
            record.Calls.Where(c => c.Caller == caller).Select(c => c.Sequence).Should().Equal(Enumerable.Range(0, PerCaller), $"caller {caller}'s calls");
        record.MaxLive.Should().Be(1);
        record.MaxInTurn.Should().Be(1);
    }
}
