using System.Globalization;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;
using Spectre.Console;

namespace GrainPipeline.Silo.Commands;

/// <summary>
/// Terminal output of the produce verb: a live progress bar on a terminal, one plain line every few
/// seconds when stdout is redirected (logs and CI keep readable output), and the final summary.
/// </summary>
internal static class ProduceConsole
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    public static async Task<ProduceReport> RunWithProgressAsync(WorkloadProducer producer, IEnumerable<GeneratedRecord> records, long total, CancellationToken cancel)
    {
        if (Console.IsOutputRedirected)
            return await producer.RunAsync(records, new PlainProgress(producer, total, PlainInterval), cancel);

        ProduceReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("producing", maxValue: total);
                var progress = new CallbackProgress(produced =>
                {
                    task.Value = produced;
                    task.Description = producer.IsPausedForLag ? "waiting for consumers" : "producing";
                });
                report = await producer.RunAsync(records, progress, cancel);
                task.Description = report.Cancelled ? "stopped" : "produced";
            });
        return report!;
    }

    /// <returns>The exit code: 0 when everything was acknowledged, 1 on failures, 130 when stopped.</returns>
    public static int PrintSummary(ProduceReport report, ProduceOptions options, WorkloadSpec spec)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(c,
            "produce: {0:N0} records ({1:N0} valid, {2:N0} poison) acknowledged on '{3}' in {4:F1} s ({5:N0} records/s); failed {6:N0}; paused for lag {7:F1} s; seed {8}",
            report.Produced, report.Valid, report.Poison, options.Topic, report.Elapsed.TotalSeconds, report.RecordsPerSecond,
            report.Failed, report.PausedForLag.TotalSeconds, spec.Seed));
        foreach (var (reason, count) in report.FailureReasons.OrderByDescending(r => r.Value))
            Console.Error.WriteLine(string.Format(c, "produce: {0:N0} records failed: {1}", count, reason));
        if (report.Cancelled)
        {
            Console.Error.WriteLine(string.Format(c, "produce: stopped after {0:N0} of {1:N0} records", report.Attempted, spec.Events));
            return 130;
        }
        return report.Failed == 0 ? 0 : 1;
    }

    /// <summary>Sets values directly on the caller's thread; <see cref="Progress{T}"/> would post each report to the thread pool.</summary>
    private sealed class CallbackProgress(Action<long> onReport) : IProgress<long>
    {
        public void Report(long value) => onReport(value);
    }

    private sealed class PlainProgress(WorkloadProducer producer, long total, TimeSpan interval) : IProgress<long>
    {
        private readonly long _started = TimeProvider.System.GetTimestamp();
        private long _lastPrinted = TimeProvider.System.GetTimestamp();

        public void Report(long value)
        {
            var now = TimeProvider.System.GetTimestamp();
            if (value < total && TimeProvider.System.GetElapsedTime(_lastPrinted, now) < interval) return;
            _lastPrinted = now;
            var seconds = Math.Max(TimeProvider.System.GetElapsedTime(_started, now).TotalSeconds, 0.001);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "produce: {0:N0}/{1:N0} ({2:P1}) {3:N0} records/s{4}",
                value, total, total > 0 ? (double)value / total : 1, value / seconds,
                producer.IsPausedForLag ? ", waiting for consumers" : ""));
        }
    }
}
