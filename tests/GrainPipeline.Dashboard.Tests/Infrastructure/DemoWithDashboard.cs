using GrainPipeline.Silo.Demo;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Workload.Model;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Dashboard.Tests.Infrastructure;

/// <summary>
/// The real demo (embedded broker, generator, one PipelineSilo, in-memory stores) with its dashboard
/// on a free port, run in the background at a fixed rate so that there is time to look at it live.
/// </summary>
public sealed class DemoWithDashboard : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _cancel;

    private DemoWithDashboard(ILoggerFactory loggers, CancellationTokenSource cancel, Task<DemoSummary> run, Uri address)
    {
        _loggers = loggers;
        _cancel = cancel;
        Run = run;
        Address = address;
    }

    public Task<DemoSummary> Run { get; }

    public Uri Address { get; }

    public static async Task<DemoWithDashboard> StartAsync(WorkloadSpec workload, double rate, int partitions = 6)
    {
        var loggers = Logging.Create(LogLevel.Warning);
        var settings = new DemoSettings(workload, partitions, rate, TimeSpan.Zero, new Dictionary<string, string?> { ["Dashboard:Port"] = "0" }, SummaryJson: null)
        {
            Dashboard = true,
        };
        var runner = new DemoRunner(settings, TextWriter.Null, loggers);
        var cancel = new CancellationTokenSource();
        var run = Task.Run(() => runner.RunAsync(cancel.Token));
        var started = await Task.WhenAny(runner.DashboardStarted, run).WaitAsync(TimeSpan.FromSeconds(90));
        if (started == run) await run; // surfaces the demo's failure
        return new DemoWithDashboard(loggers, cancel, run, await runner.DashboardStarted);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted) await _cancel.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (OperationCanceledException)
        {
            // Cancelled above: the test is done with it.
        }
        _cancel.Dispose();
        _loggers.Dispose();
    }
}
