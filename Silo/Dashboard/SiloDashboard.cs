using GrainPipeline.Dashboard.Configuration;
using GrainPipeline.Dashboard.Hosting;
using GrainPipeline.Silo.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Dashboard;

/// <summary>Starts a silo's dashboard and ties its source's lifetime to it.</summary>
internal sealed class SiloDashboard : IAsyncDisposable
{
    private readonly DashboardServer _server;
    private readonly SiloDashboardSource _source;

    private SiloDashboard(DashboardServer server, SiloDashboardSource source)
    {
        _server = server;
        _source = source;
    }

    public Uri Address => _server.BaseAddress;

    public DashboardServer Server => _server;

    /// <summary>
    /// Starts the dashboard on <see cref="DashboardOptions.Port"/>. When the port is taken:
    /// with <paramref name="anyPortIfTaken"/> (the demo) it takes a free one and says so; without
    /// (the silo verb) it throws <see cref="DashboardPortInUseException"/>, whose message names the flag.
    /// </summary>
    public static async Task<SiloDashboard> StartAsync(PipelineSilo silo, DashboardOptions options, ILoggerFactory loggers,
        bool anyPortIfTaken, TextWriter output, CancellationToken cancellation)
    {
        var source = new SiloDashboardSource(silo, loggers);
        try
        {
            DashboardServer server;
            try
            {
                server = await DashboardHost.StartAsync(source, options, loggers, cancellation: cancellation);
            }
            catch (DashboardPortInUseException) when (anyPortIfTaken && options.Port != 0)
            {
                output.WriteLine($"dashboard: port {options.Port} is in use; taking a free one (choose with --dashboard-port)");
                var fallback = Copy(options);
                fallback.Port = 0;
                server = await DashboardHost.StartAsync(source, fallback, loggers, cancellation: cancellation);
            }
            return new SiloDashboard(server, source);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static DashboardOptions Copy(DashboardOptions o) => new()
    {
        Enabled = o.Enabled, ListenAddress = o.ListenAddress, Port = o.Port, Token = o.Token, User = o.User, Password = o.Password,
        SampleInterval = o.SampleInterval, HistoryPoints = o.HistoryPoints, MaxSeries = o.MaxSeries, TopGrains = o.TopGrains,
    };

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _source.Dispose();
    }
}
