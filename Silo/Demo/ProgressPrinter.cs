using GrainPipeline.Silo.Hosting;

namespace GrainPipeline.Silo.Demo;

/// <summary>Prints one progress line a second while a run is under way: produced, completed, in flight, grains, memory.</summary>
internal sealed class ProgressPrinter : IDisposable
{
    private readonly TextWriter _output;
    private readonly PipelineSilo _silo;
    private readonly Func<long> _produced;
    private readonly long _total;
    private readonly Timer _timer;
    private readonly Lock _lock = new();

    public ProgressPrinter(TextWriter output, PipelineSilo silo, Func<long> produced, long total)
    {
        _output = output;
        _silo = silo;
        _produced = produced;
        _total = total;
        _timer = new Timer(_ => PrintNow(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void PrintNow()
    {
        lock (_lock)
        {
            var pump = _silo.Pump;
            var produced = _produced();
            var percent = _total == 0 ? 100 : 100.0 * pump.Statistics.Completed / _total;
            _output.WriteLine(
                $"  [{Bar(percent)}] {percent,5:F1}%  produced {produced:N0}  consumed {pump.Statistics.Consumed:N0}  processed {pump.Processed:N0}  dead-lettered {_silo.DeadLetters.Total:N0}  " +
                $"in flight {pump.Budget.InFlightMessages}/{pump.Budget.MaxMessages}  grains {_silo.Runtime.Statistics.Activations:N0}  rss {ProcessMemory.RssMiB():F0} MiB (gc heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0}, committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:F0})");
        }
    }

    private static string Bar(double percent)
    {
        var filled = (int)Math.Clamp(percent / 5, 0, 20);
        return new string('#', filled) + new string('.', 20 - filled);
    }

    public void Dispose() => _timer.Dispose();
}
