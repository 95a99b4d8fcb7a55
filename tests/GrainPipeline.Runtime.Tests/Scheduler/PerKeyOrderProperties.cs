using FsCheck;
using FsCheck.Fluent;
using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Scheduler;

/// <summary>
/// The ordering invariant under concurrency, as a property: for random scripts of several concurrent
/// callers sending (pipelined or awaited) calls to a few keys, with deactivations mixed in, each
/// caller's calls to one key are observed exactly once and in the order that caller sent them.
/// </summary>
public sealed class PerKeyOrderProperties
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Each_callers_calls_to_one_key_run_exactly_once_in_the_order_sent()
    {
        var property = Prop.ForAll(Scripts().ToArbitrary(), script => Task.Run(() => RunAndCheck(script)).Wait(ScriptTimeout)
            ? true
            : throw new TimeoutException($"Script did not finish within {ScriptTimeout}: {script}"));

        property.Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    private static async Task RunAndCheck(CallScript script)
    {
        var probe = new GrainProbe();
        await using (var host = new TestRuntimeBuilder().AddTestGrains(probe).Start())
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var callers = script.Callers.Select((steps, caller) => Task.Run(async () =>
            {
                await start.Task;
                await RunCaller(host, caller, steps);
            })).ToList();
            start.SetResult();
            await Task.WhenAll(callers).WithTimeout($"callers of script {script}");
        }

        for (var caller = 0; caller < script.Callers.Count; caller++)
        {
            var steps = script.Callers[caller];
            for (var key = 0; key < script.Keys; key++)
            {
                var sent = steps.Select((step, seq) => (step, seq))
                    .Where(s => s.step.Key == key && s.step.Kind is StepKind.Send or StepKind.SendAndWait)
                    .Select(s => s.seq);
                var observed = probe.For($"k{key}").Calls.Where(c => c.Caller == caller).Select(c => c.Sequence);
                observed.Should().Equal(sent, $"caller {caller}'s calls to k{key} must run once each, in the order sent, in {script}");
            }
        }
        probe.MaxConcurrentTurnsOfAnyKey.Should().BeLessThanOrEqualTo(1, $"turns of one key overlapped in {script}");
        probe.MaxLiveActivationsOfAnyKey.Should().BeLessThanOrEqualTo(1, $"two activations of one key were alive at once in {script}");
    }

    private static async Task RunCaller(TestRuntime host, int caller, IReadOnlyList<Step> steps)
    {
        var inFlight = new List<Task>();
        for (var seq = 0; seq < steps.Count; seq++)
        {
            var step = steps[seq];
            var key = $"k{step.Key}";
            switch (step.Kind)
            {
                case StepKind.Send:
                    inFlight.Add(host.Grain<ITestGrain>(key).Record(new CallStamp(caller, seq, step.YieldInTurn)));
                    break;
                case StepKind.SendAndWait:
                    inFlight.Add(host.Grain<ITestGrain>(key).Record(new CallStamp(caller, seq, step.YieldInTurn)));
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                    break;
                case StepKind.Yield:
                    await Task.Yield();
                    break;
                case StepKind.Deactivate:
                    inFlight.Add(host.Runtime.DeactivateAsync(id => id == TestGrains.TestGrainId(key), DeactivationReason.ApplicationRequested));
                    break;
            }
        }
        await Task.WhenAll(inFlight);
    }

    private static Gen<CallScript> Scripts() =>
        from keys in Gen.Choose(1, 4)
        from callers in Gen.Choose(2, 5)
        from scripts in Steps(keys).ListOf().Select(steps => (IReadOnlyList<Step>)steps.ToList()).ListOf(callers)
        select new CallScript(keys, scripts.ToList());

    private static Gen<Step> Steps(int keys) =>
        from kind in Gen.Frequency(
            (10, Gen.Constant(StepKind.Send)),
            (3, Gen.Constant(StepKind.SendAndWait)),
            (2, Gen.Constant(StepKind.Yield)),
            (1, Gen.Constant(StepKind.Deactivate)))
        from key in Gen.Choose(0, keys - 1)
        from yieldInTurn in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Step(kind, key, yieldInTurn);
}
