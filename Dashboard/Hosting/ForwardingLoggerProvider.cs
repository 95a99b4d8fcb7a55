using Microsoft.Extensions.Logging;

namespace GrainPipeline.Dashboard.Hosting;

/// <summary>
/// Sends the web host's logs to the silo's logger factory, so they share its console and level,
/// while the host's own filters still apply (a taken port is reported once, by the silo, not also
/// as a hosting failure with a stack trace).
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to the silo.
    }
}
