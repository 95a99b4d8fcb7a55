using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Catalog;

/// <summary>
/// MaxActivations is a hard cap: activations beyond it wait for a slot while the least recently used
/// idle grains are shed, and every call still completes.
/// </summary>
public sealed class CapacitySheddingTests
{
    [Fact]
    public async Task Peak_activations_never_exceed_MaxActivations_and_every_call_completes()
    {
        const int Max = 8;
        const int Keys = 40;
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.MaxActivations = Max).Start();

        var calls = Enumerable.Range(0, Keys * 5)
            .Select(i => Task.Run(() => host.Grain<ITestGrain>($"capped-{i % Keys}").Record(new CallStamp(0, i))))
            .ToList();
        await Task.WhenAll(calls).WithTimeout($"capped-*: {calls.Count} calls over {Keys} keys under MaxActivations={Max}");

        host.Runtime.Statistics.PeakActivations.Should().BeLessThanOrEqualTo(Max);
        host.Runtime.Statistics.Activations.Should().BeLessThanOrEqualTo(Max);
        probe.Records.Sum(r => r.Calls.Count).Should().Be(Keys * 5, "every call ran exactly once");
        probe.Records.Should().HaveCount(Keys);
        probe.MaxLiveActivationsOfAnyKey.Should().Be(1);
        probe.Records.SelectMany(r => r.Deactivations).Should().OnlyContain(r => r == DeactivationReason.CapacityPressure)
            .And.HaveCountGreaterThanOrEqualTo(Keys - Max);
    }

    [Fact]
    public async Task The_least_recently_used_idle_grains_are_shed_first()
    {
        const int Max = 10;
        const int Keys = 30;
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.MaxActivations = Max).Start();

        for (var i = 0; i < Keys; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            await host.Grain<ITestGrain>($"lru-{i:00}").Ping().WithTimeout($"lru-{i:00}: call {i}");
        }

        host.Runtime.Statistics.PeakActivations.Should().BeLessThanOrEqualTo(Max);
        var shed = probe.Records.Where(r => r.Deactivations.Count > 0).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        var kept = probe.Records.Where(r => r.Deactivations.Count == 0).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        shed.Should().HaveCountGreaterThanOrEqualTo(Keys - Max);
        shed.Should().Equal(Enumerable.Range(0, shed.Count).Select(i => $"lru-{i:00}"),
            "each pass sheds the grains used longest ago, so the shed ones are a prefix of the call order (kept: {0})", string.Join(",", kept));
        probe.Records.SelectMany(r => r.Deactivations).Should().OnlyContain(r => r == DeactivationReason.CapacityPressure);
    }

    [Fact]
    public async Task Busy_grains_are_not_shed()
    {
        const int Max = 4;
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.MaxActivations = Max).Start();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holds = new List<Task>();
        for (var i = 0; i < Max - 1; i++)
        {
            var started = probe.For($"busy-{i}").WaitFor("hold");
            holds.Add(host.Grain<ITestGrain>($"busy-{i}").Hold(gate.Task));
            await started.WithTimeout($"busy-{i}: holding turn to start");
        }

        for (var i = 0; i < 10; i++)
            await host.Grain<ITestGrain>($"transient-{i}").Ping().WithTimeout($"transient-{i}: call with {Max - 1} slots held by busy grains");

        probe.Records.Where(r => r.Key.StartsWith("busy-", StringComparison.Ordinal)).Should().OnlyContain(r => r.Deactivations.Count == 0);
        host.Runtime.Statistics.PeakActivations.Should().BeLessThanOrEqualTo(Max);
        gate.SetResult();
        await Task.WhenAll(holds).WithTimeout("busy-*: holding turns to finish");
    }

    [Fact]
    public async Task A_shedding_pass_counts_deactivations_already_under_way()
    {
        // 100 slots: the high mark is 98 (automatic shedding), the low mark 90 (the shedding target).
        const int Max = 100;
        const int Live = 92;
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Configure(o => o.MaxActivations = Max).Start();
        var gates = new List<TaskCompletionSource>();
        for (var i = 0; i < Live; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            gates.Add(probe.For($"held-{i:00}").HoldDeactivation());
            await host.Grain<ITestGrain>($"held-{i:00}").Ping().WithTimeout($"held-{i:00}: first call");
        }

        host.Runtime.ShedNow().Should().Be(Live - 90);
        host.Runtime.ShedNow().Should().Be(0, "the {0} deactivations already requested bring the count to the target once they finish", Live - 90);

        string[] oldest = ["held-00", "held-01"];
        foreach (var key in oldest) await probe.For(key).WaitFor("deactivating").WithTimeout($"{key}: shed as least recently used");
        foreach (var gate in gates) gate.SetResult();
        await host.Runtime.DeactivateAsync(id => oldest.Contains(id.Key), DeactivationReason.CapacityPressure)
            .WithTimeout("held-00, held-01: shed grains to finish deactivating");
        host.Runtime.Statistics.Activations.Should().Be(90);
        probe.Records.Count(r => r.Deactivations.Count > 0).Should().Be(Live - 90);
    }
}
