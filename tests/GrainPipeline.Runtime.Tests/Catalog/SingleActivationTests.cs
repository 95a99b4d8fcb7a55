using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Catalog;

/// <summary>One activation per key at a time, however many callers race to make it.</summary>
public sealed class SingleActivationTests
{
    [Fact]
    public async Task Concurrent_first_calls_to_one_key_make_exactly_one_activation()
    {
        const int Keys = 16;
        const int CallersPerKey = 16;
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = new List<Task<string>>();
        for (var k = 0; k < Keys; k++)
        {
            var key = $"racy-{k}";
            for (var c = 0; c < CallersPerKey; c++)
            {
                callers.Add(Task.Run(async () =>
                {
                    await start.Task;
                    return await host.Grain<ITestGrain>(key).Ping();
                }));
            }
        }
        start.SetResult();
        var answers = await Task.WhenAll(callers).WithTimeout("racy-*: concurrent first calls");

        answers.Should().HaveCount(Keys * CallersPerKey);
        for (var k = 0; k < Keys; k++)
        {
            var record = probe.For($"racy-{k}");
            record.Activations.Should().Be(1, $"racy-{k} was called first by {CallersPerKey} callers at once");
            record.Events.Count(e => e == "ping").Should().Be(CallersPerKey);
        }
        host.Runtime.Statistics.Activations.Should().Be(Keys);
        host.Runtime.Statistics.PeakActivations.Should().Be(Keys);
    }

    [Fact]
    public async Task Calls_arriving_while_a_grain_activates_wait_for_that_activation()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var record = probe.For("slow-start");
        var gate = record.HoldActivation();
        var grain = host.Grain<ITestGrain>("slow-start");

        var activating = record.WaitFor("activating");
        var first = grain.Ping();
        await activating.WithTimeout("slow-start: activation to begin");
        var later = Enumerable.Range(0, 50).Select(_ => host.Grain<ITestGrain>("slow-start").Ping()).ToList();
        later.Prepend(first).Should().OnlyContain(t => !t.IsCompleted, "the activation is held");

        gate.SetResult();
        await first.WithTimeout("slow-start: first call");
        await Task.WhenAll(later).WithTimeout("slow-start: calls that arrived during activation");
        record.Activations.Should().Be(1);
    }
}
