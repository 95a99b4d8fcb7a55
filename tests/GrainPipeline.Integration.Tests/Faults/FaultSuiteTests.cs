using GrainPipeline.Workload.Model;

namespace GrainPipeline.Integration.Tests.Faults;

/// <summary>
/// Short versions of the fault suite: each ends with the verifier. Graceful faults must leave the
/// stats exact; a kill only has to lose nothing and keep order (a killed silo's in-flight
/// background stages are cut off; see the kill test in ClusterHandOverTests).
/// </summary>
[Collection(SerialCollection.Name)]
public class FaultSuiteTests
{
    private static WorkloadSpec Spec(int seed, double zipf = WorkloadSpec.DefaultZipfExponent) =>
        new() { Events = 12_000, Users = 1_500, Shops = 8, Seed = seed, ZipfExponent = zipf };

    private static void ShouldBeExact(Silo.Verification.VerificationResult result)
    {
        var why = string.Join("; ", result.Samples);
        result.Lost.Should().Be(0, why);
        result.OrderViolations.Should().Be(0, why);
        result.StatsMismatches.Should().Be(0, why);
    }

    [Fact]
    public async Task Graceful_stop_of_a_silo_mid_stream_hands_over_with_exact_stats()
    {
        var (result, cluster) = await FaultScenario.RunAsync(Spec(31), c => c.StopSiloAsync(c.Silos[0]));
        await using (cluster) ShouldBeExact(result);
    }

    [Fact]
    public async Task Every_broker_down_for_five_seconds_then_up_loses_nothing()
    {
        var (result, cluster) = await FaultScenario.RunAsync(Spec(32), async c =>
        {
            for (var id = 1; id <= c.Broker.Brokers; id++) c.Broker.SetBrokerDown(id);
            await Task.Delay(TimeSpan.FromSeconds(5));
            for (var id = 1; id <= c.Broker.Brokers; id++) c.Broker.SetBrokerUp(id);
        });
        await using (cluster) ShouldBeExact(result);
    }

    [Fact]
    public async Task Injected_fetch_commit_and_heartbeat_errors_lose_nothing()
    {
        const short Fetch = 1, OffsetCommit = 8, Heartbeat = 12;
        const int RequestTimedOut = 7, NotCoordinator = 16, RebalanceInProgress = 27;
        var (result, cluster) = await FaultScenario.RunAsync(Spec(33), c =>
        {
            c.Broker.PushRequestErrors(Fetch, RequestTimedOut, RequestTimedOut, RequestTimedOut);
            c.Broker.PushRequestErrors(OffsetCommit, NotCoordinator, RebalanceInProgress, RequestTimedOut);
            c.Broker.PushRequestErrors(Heartbeat, NotCoordinator, RebalanceInProgress);
            return Task.CompletedTask;
        });
        await using (cluster) ShouldBeExact(result);
    }

    [Fact]
    public async Task A_slow_broker_only_slows_things_down()
    {
        var (result, cluster) = await FaultScenario.RunAsync(Spec(34), c =>
        {
            for (var id = 1; id <= c.Broker.Brokers; id++) c.Broker.SetBrokerRtt(id, TimeSpan.FromMilliseconds(50));
            return Task.CompletedTask;
        });
        await using (cluster) ShouldBeExact(result);
    }

    [Fact]
    public async Task One_hot_visitor_with_most_of_the_traffic_keeps_order()
    {
        var (result, cluster) = await FaultScenario.RunAsync(Spec(35, zipf: 3.0), _ => Task.CompletedTask);
        await using (cluster) ShouldBeExact(result);
    }

    [Fact]
    public async Task A_member_joining_and_leaving_during_the_run_loses_nothing()
    {
        var (result, cluster) = await FaultScenario.RunAsync(Spec(36), async c =>
        {
            var joiner = c.StartSilo();
            await c.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));
            await c.StopSiloAsync(joiner);
        });
        await using (cluster) ShouldBeExact(result);
    }
}
