using System.Text.Json;
using GrainPipeline.Dashboard.Configuration;
using GrainPipeline.Dashboard.Sampling;
using GrainPipeline.Dashboard.Sources;
using GrainPipeline.Observability.Histograms;
using GrainPipeline.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GrainPipeline.Dashboard.Hosting;

/// <summary>
/// The routes: the page and its assets, the JSON API behind it, /metrics, /healthz and /readyz.
/// Every answer is built from the rings, the sampler's last reading or one bounded read of the
/// source (a top-N, a page of reminders, one grain's state), so a request costs the same however
/// many grains the silo hosts.
/// </summary>
internal static class DashboardEndpoints
{
    public const int MaxReminderPage = 200;
    private const int MaxKeyLength = 512;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static void MapDashboard(this IEndpointRouteBuilder routes, IDashboardSource source, Sampler sampler, PrometheusExporter exporter, DashboardOptions options)
    {
        routes.MapGet(DashboardRoutes.Page, StaticAssets.Page);
        routes.MapGet(DashboardRoutes.Assets, (string name) => StaticAssets.Asset(name));
        routes.MapGet(DashboardRoutes.Metrics, () => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType));
        routes.MapGet(DashboardRoutes.Health, () => Results.Text("ok\n"));
        routes.MapGet(DashboardRoutes.Ready, async (CancellationToken cancel) =>
        {
            var checks = await source.CheckReadinessAsync(cancel);
            var ready = checks.All(c => c.Ready);
            return Results.Json(new { ready, checks }, Json, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        routes.MapGet(DashboardRoutes.Overview, () => Results.Json(Overview(source, sampler), Json));
        routes.MapGet(DashboardRoutes.Series, (long? since) =>
        {
            var window = sampler.Ring.Read(since ?? long.MinValue);
            return Results.Json(new { intervalMs = options.SampleInterval.TotalMilliseconds, capacity = sampler.Ring.Capacity, window.Times, window.Series }, Json);
        });
        routes.MapGet(DashboardRoutes.Backpressure, () => Results.Json(source.ReadBackpressure(), Json));
        routes.MapGet(DashboardRoutes.Grains, (int? top) => Results.Json(source.ReadGrains(Math.Clamp(top ?? options.TopGrains, 1, 256)), Json));
        routes.MapGet(DashboardRoutes.GrainState, async (string? type, string? key, string? state, CancellationToken cancel) =>
        {
            if (string.IsNullOrWhiteSpace(type) || string.IsNullOrEmpty(key) || type.Length > MaxKeyLength || key.Length > MaxKeyLength)
                return Results.Json(new { error = $"give ?type= (e.g. user) and ?key= (e.g. shop.myshopify.com:client-id), each at most {MaxKeyLength} characters" }, Json, statusCode: StatusCodes.Status400BadRequest);
            return Results.Json(await source.ReadGrainStateAsync(type, key, string.IsNullOrEmpty(state) ? null : state, cancel), Json);
        });
        routes.MapGet(DashboardRoutes.Stages, () => Results.Json(Stages(sampler), Json));
        routes.MapGet(DashboardRoutes.Reminders, async (string? after, int? size, string? filter, CancellationToken cancel) =>
            Results.Json(await source.ReadRemindersAsync(string.IsNullOrEmpty(after) ? null : after, Math.Clamp(size ?? 50, 1, MaxReminderPage),
                string.IsNullOrWhiteSpace(filter) ? null : filter.Trim(), cancel), Json));
        routes.MapGet(DashboardRoutes.Flusher, () => Results.Json(Flusher(source.ReadFlusher()), Json));
        routes.MapGet(DashboardRoutes.Memory, () => Results.Json(Memory(source.ReadMemory(), sampler), Json));
        routes.MapGet(DashboardRoutes.DeadLetters, () => Results.Json(source.ReadDeadLetters(), Json));
    }

    private static object Overview(IDashboardSource source, Sampler sampler)
    {
        var identity = source.Identity;
        var counters = sampler.Latest ?? new SiloCounters();
        var ring = sampler.Ring;
        return new
        {
            silo = identity,
            uptimeSeconds = Math.Round((DateTimeOffset.UtcNow - identity.StartedAt).TotalSeconds),
            members = source.ReadMembers(),
            totals = new
            {
                counters.Consumed,
                counters.Completed,
                counters.Processed,
                counters.DeadLettered,
                counters.Duplicates,
                counters.Activations,
            },
            now = new
            {
                eventsPerSecond = ring.Latest(SeriesNames.EventsPerSecond),
                deadLetteredPerSecond = ring.Latest(SeriesNames.DeadLetteredPerSecond),
                errorRatePct = ring.Latest(SeriesNames.ErrorRatePercent),
                e2eP50Ms = ring.Latest(SeriesNames.EndToEndP50),
                e2eP99Ms = ring.Latest(SeriesNames.EndToEndP99),
            },
            latencySinceStart = Summary(counters.EndToEnd),
            sampler = sampler.Cost,
        };
    }

    private static object Stages(Sampler sampler)
    {
        var counters = sampler.Latest ?? new SiloCounters();
        var ring = sampler.Ring;
        return new
        {
            stages = counters.Stages.Select(s => new
            {
                s.Name,
                s.Calls,
                s.Errors,
                callsPerSecond = ring.Latest(SeriesNames.StageCalls + s.Name),
                p99LastIntervalMs = ring.Latest(SeriesNames.StageP99 + s.Name),
                sinceStart = Summary(s.Duration ?? HistogramSnapshot.Empty),
            }),
            stores = counters.Stores.Select(s => new { s.Name, s.Calls, s.Timeouts, s.Errors }),
        };
    }

    private static object Flusher(FlusherView flusher) => new
    {
        flusher.Flushes,
        flusher.Batches,
        flusher.CellsFlushed,
        flusher.BatchSize,
        periodSeconds = flusher.Period.TotalSeconds,
        batchDuration = Summary(flusher.BatchDuration),
        lastFlush = flusher.Recent.Count > 0 ? flusher.Recent[0] : null,
        lastRunAt = flusher.LastByPartition.Count > 0 ? flusher.LastByPartition.Max(f => f.At) : (DateTimeOffset?)null,
        flusher.LastByPartition,
        flusher.Recent,
    };

    private static object Memory(MemoryView memory, Sampler sampler)
    {
        var gc = GC.GetGCMemoryInfo();
        var rss = Environment.WorkingSet;
        return new
        {
            rssBytes = rss,
            gcHeapBytes = GC.GetTotalMemory(false),
            gcCommittedBytes = gc.TotalCommittedBytes,
            gen0Collections = GC.CollectionCount(0),
            gen1Collections = GC.CollectionCount(1),
            gen2Collections = GC.CollectionCount(2),
            pauseTimePercent = gc.PauseTimePercentage,
            memory.ContainerLimitBytes,
            memory.SafetyFraction,
            memory.BudgetBytes,
            budgetOfLimitPct = memory.ContainerLimitBytes is > 0 and var limit ? Math.Round(100.0 * memory.BudgetBytes / limit, 1) : (double?)null,
            rssOfLimitPct = memory.ContainerLimitBytes is > 0 and var l ? Math.Round(100.0 * rss / l, 1) : (double?)null,
            memory.Terms,
            dashboard = sampler.Cost,
        };
    }

    internal static object Summary(HistogramSnapshot histogram) => new
    {
        count = histogram.Count,
        meanMs = Math.Round(histogram.MeanMs, 3),
        p50Ms = Math.Round(histogram.Percentile(0.50), 3),
        p99Ms = Math.Round(histogram.Percentile(0.99), 3),
    };
}
