namespace GrainPipeline.Dashboard.Hosting;

/// <summary>The dashboard's port is taken; the message says which setting or flag to change.</summary>
public sealed class DashboardPortInUseException(string address, int port, Exception inner)
    : Exception($"The dashboard cannot listen on {address}:{port}: the port is in use. Pick another with --dashboard-port (Dashboard:Port, Dashboard__Port), 0 for any free port, or turn it off with --no-dashboard.", inner)
{
    public int Port => port;
}
