using Microsoft.Extensions.Hosting;

namespace GrainPipeline.Dashboard.Hosting;

/// <summary>
/// The dashboard lives inside a silo process whose command already owns Ctrl-C and SIGTERM; the
/// default console lifetime would stop the web host on its own. This one leaves stopping to the owner.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
