using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Hosting;

/// <summary>
/// Asking to deactivate a grain whose activation then fails must complete: the activation is gone,
/// which is all a deactivation (or a stopping silo) waits for.
/// </summary>
public sealed class DeactivationOfFailedActivationTests
{
    [Fact]
    public async Task Deactivating_all_grains_while_an_activation_fails_completes_without_that_activations_error()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var record = probe.For("doomed");
        var gate = record.HoldActivation();
        record.FailNextActivation("cannot activate");
        var activating = record.WaitFor("activating");
        var call = host.Grain<ITestGrain>("doomed").Ping();
        await activating.WithTimeout("doomed: activation to start");

        // What StopAsync (and a partition revocation) does: the request is queued behind the activation.
        var stop = host.Runtime.DeactivateAsync(_ => true, DeactivationReason.ShuttingDown);
        gate.SetResult();

        await stop.WithTimeout("every grain to deactivate while doomed's activation fails");
        await call.Invoking(c => c.WithTimeout("doomed: the call queued behind the failed activation"))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("cannot activate");
    }

    [Fact]
    public async Task Two_deactivation_requests_that_both_saw_a_failing_activation_both_complete()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var id = TestGrains.TestGrainId("doomed-twice");
        var record = probe.For(id.Key);
        var gate = record.HoldActivation();
        record.FailNextActivation("cannot activate");
        var activating = record.WaitFor("activating");
        var call = host.Grain<ITestGrain>(id.Key).Ping();
        await activating.WithTimeout("doomed-twice: activation to start");

        // Both requests take their snapshot of the activation table while the activation is still
        // there; the inner one asks only after the activation failed and its mailbox closed. The
        // callbacks run synchronously inside DeactivateAsync, which is what pins this order.
        Task? inner = null;
        var outer = host.Runtime.DeactivateAsync((outerId, _) =>
        {
            if (outerId != id) return false;
            inner = host.Runtime.DeactivateAsync((innerId, _) =>
            {
                if (innerId != id) return false;
                gate.SetResult();
                ((IAsyncResult)call).AsyncWaitHandle.WaitOne(TaskTimeouts.Default).Should().BeTrue("the activation fails once its gate opens");
                return true;
            }, DeactivationReason.ApplicationRequested);
            return true;
        }, DeactivationReason.ApplicationRequested);

        await inner!.WithTimeout("doomed-twice: the deactivation request that met the closed mailbox");
        await outer.WithTimeout("doomed-twice: the deactivation request that joined it");
        call.IsFaulted.Should().BeTrue();
    }
}
