namespace GrainPipeline.Workload.Producing;

/// <summary>
/// Forwards the produced count to an <see cref="IProgress{T}"/> at most once per interval, so a display
/// costs a handful of calls per second whatever the record rate.
/// </summary>
internal sealed class ProgressReporter(IProgress<long>? progress, TimeProvider time, TimeSpan interval)
{
    private long _lastReportAt = time.GetTimestamp();

    public void Tick(long produced)
    {
        if (progress is null) return;
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_lastReportAt, now) < interval) return;
        _lastReportAt = now;
        progress.Report(produced);
    }

    public void Final(long produced) => progress?.Report(produced);
}
