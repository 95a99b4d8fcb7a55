using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Scheduler;

/// <summary>A failing call fails only itself; a failing activation fails what waited for it and nothing after.</summary>
public sealed class CallFailureTests
{
    [Fact]
    public async Task An_exception_fails_only_that_call_and_the_next_call_works()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var grain = host.Grain<ITestGrain>("faulty");

        var before = grain.Ping();
        var failing = grain.Fail("boom");
        var after = grain.Ping();

        (await before.WithTimeout("faulty: ping before the failure")).Should().Be("faulty");
        await failing.Invoking(t => t.WithTimeout("faulty: the failing call"))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("boom");
        (await after.WithTimeout("faulty: ping after the failure")).Should().Be("faulty");
        probe.For("faulty").Activations.Should().Be(1, "a failed call must not cost the grain its activation");
        host.Runtime.Statistics.Activations.Should().Be(1);
    }

    [Fact]
    public async Task A_failed_activation_fails_the_calls_queued_behind_it_and_the_next_call_activates_afresh()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var record = probe.For("broken");
        var gate = record.HoldActivation();
        record.FailNextActivation("cannot activate");
        var grain = host.Grain<ITestGrain>("broken");

        var activating = record.WaitFor("activating");
        var queued = Enumerable.Range(0, 3).Select(_ => grain.Ping()).ToList();
        await activating.WithTimeout("broken: first activation to start");
        gate.SetResult();

        foreach (var call in queued)
        {
            await call.Invoking(t => t.WithTimeout("broken: a call queued behind the failed activation"))
                .Should().ThrowAsync<InvalidOperationException>().WithMessage("cannot activate");
        }
        (await grain.Ping().WithTimeout("broken: the call after the failed activation")).Should().Be("broken");
        record.Activations.Should().Be(2);
        host.Runtime.Statistics.Activations.Should().Be(1, "the failed activation gave its slot back");
    }
}
