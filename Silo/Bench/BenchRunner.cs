using System.Globalization;
using System.Text.Json;

namespace GrainPipeline.Silo.Bench;

/// <summary>
/// The bench: broker, producer and the consumer under test each run as their own process, on the
/// same generated data. B0 (the bare consumer) drains the pre-filled backlog first; then the
/// pipeline is measured on in-memory stores and, with <c>--stores redis-postgres</c>, again on Redis
/// and PostgreSQL, each time in three runs:
/// 1. throughput — a fresh broker is pre-filled with the same records and the silo drains it alone,
///    so it is not paced by a producer;
/// 2. memory — the silo runs the full event count replayed alongside (throttled on its lag; the
///    embedded broker keeps only ~5 MiB a partition); its peak RSS and CPU per million are read;
/// 3. latency — a replay at half that store kind's own drain rate, stamped with intended send times.
/// Every silo run must account for every event it was sent; on PostgreSQL the events table is counted too.
/// </summary>
internal sealed class BenchRunner(BenchSettings settings, TextWriter output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(30);

    private readonly List<string> _problems = [];

    public async Task<BenchSummary> RunAsync(CancellationToken cancellation)
    {
        Directory.CreateDirectory(settings.WorkDirectory);
        var prefillFile = await Generate(settings.ThroughputEvents, "throughput", cancellation);
        var fullFile = settings.MemoryEvents == settings.ThroughputEvents ? prefillFile : await Generate(settings.MemoryEvents, "memory", cancellation);
        var files = new Files(prefillFile, fullFile);

        var b0 = await Drain(prefillFile, $"baseline --group bench-b0 --events {settings.ThroughputEvents} --exit-when-idle 3", settings.Environment, "b0", cancellation);
        var baseline = b0.GetProperty("eventsPerSecond").GetDouble();
        output.WriteLine($"B0 bare consumer: {baseline:N0} events/s");

        var memory = await MeasureAsync(new MemoryBenchStores(settings.Environment), "silo", files, baseline, cancellation);
        PhaseResult? redisPostgres = null;
        if (settings.Stores == Hosting.StoreKinds.RedisPostgres)
        {
            output.WriteLine("starting Redis and PostgreSQL for the redis-postgres runs …");
            await using var stores = await RedisPostgresBenchStores.StartAsync(settings.StoreConfiguration, settings.Environment, output, cancellation);
            redisPostgres = await MeasureAsync(stores, "rp", files, baseline, cancellation);
        }
        PrintTable(baseline, memory, redisPostgres);

        return new BenchSummary
        {
            BaselineEventsPerSecond = Math.Round(baseline, 1),
            EventsPerSecond = memory.Summary.EventsPerSecond,
            RatioToBaseline = memory.Summary.RatioToBaseline,
            PeakRssMiB = memory.Summary.PeakRssMiB,
            CpuSecondsPerMillion = memory.Summary.CpuSecondsPerMillion,
            P50Ms = memory.Summary.P50Ms,
            P99Ms = memory.Summary.P99Ms,
            P999Ms = memory.Summary.P999Ms,
            LatencyRatePerSecond = memory.Summary.LatencyRatePerSecond,
            MemoryRunEvents = settings.MemoryEvents,
            ThroughputRunEvents = settings.ThroughputEvents,
            Stores = Hosting.StoreKinds.Memory,
            RedisPostgres = redisPostgres?.Summary,
            Problems = [.. _problems],
        };
    }

    private sealed record Files(string Prefill, string Full);

    private sealed record PhaseResult(BenchPhaseSummary Summary);

    /// <summary>The three silo runs on one store kind.</summary>
    private async Task<PhaseResult> MeasureAsync(IBenchStores stores, string prefix, Files files, double baseline, CancellationToken cancellation)
    {
        long rows = 0, expectedRows = 0;
        async Task Account(string run, JsonElement silo, long sent)
        {
            var processed = silo.GetProperty("processed").GetInt64();
            if (processed != sent) _problems.Add($"{run}: the silo processed {processed:N0} of the {sent:N0} events sent");
            if (await stores.CountEventRowsAsync(run, cancellation) is not { } count) return;
            rows += count;
            expectedRows += sent;
            if (count != sent) _problems.Add($"{run}: the events table holds {count:N0} rows for {sent:N0} events sent");
            output.WriteLine($"{run}: {count:N0} rows in PostgreSQL's events table for {sent:N0} events sent");
        }

        var throughputRun = $"{prefix}-throughput";
        var launch = await stores.PrepareAsync(throughputRun, cancellation);
        var drained = await Drain(files.Prefill, $"silo {launch.Arguments} --exit-after {settings.ThroughputEvents} --exit-when-idle 3", launch.Environment, throughputRun, cancellation);
        await Account(throughputRun, drained, settings.ThroughputEvents);
        var rate = drained.GetProperty("eventsPerSecond").GetDouble();
        output.WriteLine($"pipeline ({stores.Kind}): {rate:N0} events/s = {rate / baseline:P0} of B0");

        var memoryRun = $"{prefix}-memory";
        launch = await stores.PrepareAsync(memoryRun, cancellation);
        var cpuBefore = stores.ServerCpuSeconds();
        var memory = await Concurrent(files.Full, settings.MemoryEvents, rate: 0, memoryRun, launch, cancellation);
        var serverCpu = stores.ServerCpuSeconds() - cpuBefore;
        await Account(memoryRun, memory, settings.MemoryEvents);
        var serverCpuPerMillion = serverCpu is { } s ? Math.Round(s * 1_000_000 / settings.MemoryEvents, 2) : (double?)null;
        output.WriteLine($"pipeline ({stores.Kind}) over {settings.MemoryEvents:N0} events: peak RSS {memory.GetProperty("peakRssMiB").GetDouble():N0} MiB, " +
                         $"{memory.GetProperty("cpuSecondsPerMillion").GetDouble():F1} CPU s per million" +
                         (serverCpuPerMillion is { } c ? $" (+ {c:F1} in Redis and PostgreSQL)" : ""));

        var latencyRun = $"{prefix}-latency";
        var latencyRate = Math.Max(1, Math.Round(rate / 2));
        launch = await stores.PrepareAsync(latencyRun, cancellation);
        var latency = await Concurrent(files.Prefill, settings.ThroughputEvents, latencyRate, latencyRun, launch, cancellation);
        await Account(latencyRun, latency, settings.ThroughputEvents);
        output.WriteLine($"pipeline ({stores.Kind}) latency at {latencyRate:N0} events/s: p50 {latency.GetProperty("p50Ms").GetDouble()} ms, " +
                         $"p99 {latency.GetProperty("p99Ms").GetDouble()} ms, p99.9 {latency.GetProperty("p999Ms").GetDouble()} ms");

        return new PhaseResult(new BenchPhaseSummary
        {
            Stores = stores.Kind,
            EventsPerSecond = Math.Round(rate, 1),
            RatioToBaseline = Math.Round(rate / baseline, 3),
            PeakRssMiB = memory.GetProperty("peakRssMiB").GetDouble(),
            CpuSecondsPerMillion = memory.GetProperty("cpuSecondsPerMillion").GetDouble(),
            StoreServerCpuSecondsPerMillion = serverCpuPerMillion,
            P50Ms = latency.GetProperty("p50Ms").GetDouble(),
            P99Ms = latency.GetProperty("p99Ms").GetDouble(),
            P999Ms = latency.GetProperty("p999Ms").GetDouble(),
            LatencyRatePerSecond = latencyRate,
            EventRows = rows,
            ExpectedEventRows = expectedRows,
        });
    }

    private void PrintTable(double baseline, PhaseResult memory, PhaseResult? redisPostgres)
    {
        var phases = new List<BenchPhaseSummary> { memory.Summary };
        if (redisPostgres is not null) phases.Add(redisPostgres.Summary);
        string Row(string name, string b0, Func<BenchPhaseSummary, string> value) =>
            $"{name,-28}{b0,12}" + string.Concat(phases.Select(p => $"{value(p),18}"));
        output.WriteLine();
        output.WriteLine(Row("", "B0", p => p.Stores));
        output.WriteLine(Row("events/s (drain)", baseline.ToString("N0", CultureInfo.InvariantCulture), p => p.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));
        output.WriteLine(Row("ratio to B0", "1", p => p.RatioToBaseline.ToString("F3", CultureInfo.InvariantCulture)));
        output.WriteLine(Row($"peak RSS MiB ({settings.MemoryEvents:N0} ev)", "", p => p.PeakRssMiB.ToString("N0", CultureInfo.InvariantCulture)));
        output.WriteLine(Row("silo CPU s / million", "", p => p.CpuSecondsPerMillion.ToString("F1", CultureInfo.InvariantCulture)));
        if (redisPostgres?.Summary.StoreServerCpuSecondsPerMillion is not null)
            output.WriteLine(Row("store CPU s / million", "", p => p.StoreServerCpuSecondsPerMillion?.ToString("F1", CultureInfo.InvariantCulture) ?? "-"));
        output.WriteLine(Row("latency rate /s", "", p => p.LatencyRatePerSecond.ToString("N0", CultureInfo.InvariantCulture)));
        output.WriteLine(Row("p50 / p99 / p99.9 ms", "", p => string.Create(CultureInfo.InvariantCulture, $"{p.P50Ms:0.#}/{p.P99Ms:0}/{p.P999Ms:0}")));
        output.WriteLine();
    }

    private async Task<string> Generate(long events, string name, CancellationToken cancellation)
    {
        var file = Path.Combine(settings.WorkDirectory, $"{name}-{events}-{settings.Users}-{settings.Seed}.rec");
        if (File.Exists(file)) return file;
        output.WriteLine($"generating {events:N0} events for {settings.Users:N0} users …");
        // Written under a temporary name: an interrupted run must not leave a short file the next run would reuse.
        var partial = file + ".partial";
        using (var child = ChildProcess.Start(string.Create(CultureInfo.InvariantCulture,
                   $"generate --out {partial} --events {events} --users {settings.Users} --shops {settings.Shops} --seed {settings.Seed}"), logFile: file + ".log"))
            Check(await child.WaitAsync(RunTimeout, "generate", cancellation), "generate");
        File.Move(partial, file, overwrite: true);
        return file;
    }

    /// <summary>Pre-fills a fresh broker with the file, then lets one consumer drain it alone; returns the consumer's summary.</summary>
    private async Task<JsonElement> Drain(string file, string consumerArguments, IReadOnlyDictionary<string, string> environment, string name, CancellationToken cancellation)
    {
        using var broker = await StartBroker(name, settings.DrainPartitions, cancellation);
        using (var fill = ChildProcess.Start($"replay --bootstrap {broker.Bootstrap} --file {file} --max-lag 0", logFile: Log(name + "-replay")))
            Check(await fill.WaitAsync(RunTimeout, "pre-fill", cancellation), "pre-fill");
        var summary = Path.Combine(settings.WorkDirectory, name + ".json");
        File.Delete(summary);
        using (var consumer = ChildProcess.Start($"{consumerArguments} --bootstrap {broker.Bootstrap} --summary-json {summary}", environment, Log(name)))
            Check(await consumer.WaitAsync(RunTimeout, name, cancellation), name);
        return JsonDocument.Parse(await File.ReadAllTextAsync(summary, cancellation)).RootElement.Clone();
    }

    /// <summary>Silo and replay side by side; the silo stops once it has taken in every event (or after 5 quiet seconds, if some went missing). The replay is throttled on the silo's lag, optionally at a fixed rate.</summary>
    private async Task<JsonElement> Concurrent(string file, long events, double rate, string name, SiloLaunch launch, CancellationToken cancellation)
    {
        using var broker = await StartBroker(name, settings.ConcurrentPartitions, cancellation);
        var summary = Path.Combine(settings.WorkDirectory, name + ".json");
        File.Delete(summary);
        using var silo = ChildProcess.Start($"silo {launch.Arguments} --exit-after {events} --exit-when-idle 5 --bootstrap {broker.Bootstrap} --summary-json {summary}", launch.Environment, Log(name));
        // Events sent during the ~3 s group join would measure the join, not the pipeline.
        await silo.WaitForOutputAsync(Commands.SiloCommand.JoinedLine, TimeSpan.FromSeconds(60), cancellation);
        using (var replay = ChildProcess.Start(string.Create(CultureInfo.InvariantCulture, $"replay --bootstrap {broker.Bootstrap} --file {file} --rate {rate}"), logFile: Log(name + "-replay")))
            Check(await replay.WaitAsync(RunTimeout, name + " replay", cancellation), name + " replay");
        Check(await silo.WaitAsync(RunTimeout, name, cancellation), name);
        return JsonDocument.Parse(await File.ReadAllTextAsync(summary, cancellation)).RootElement.Clone();
    }

    private async Task<BrokerProcess> StartBroker(string name, int partitions, CancellationToken cancellation)
    {
        var bootstrapFile = Path.Combine(settings.WorkDirectory, name + ".bootstrap");
        File.Delete(bootstrapFile);
        var child = ChildProcess.Start($"broker --partitions {partitions} --bootstrap-file {bootstrapFile}", logFile: Log(name + "-broker"));
        try
        {
            for (var i = 0; i < 200; i++)
            {
                if (File.Exists(bootstrapFile) && (await File.ReadAllTextAsync(bootstrapFile, cancellation)).Trim() is { Length: > 0 } bootstrap)
                    return new BrokerProcess(child, bootstrap);
                await Task.Delay(100, cancellation);
            }
            throw new TimeoutException($"the broker did not write its bootstrap file within 20 s; see {Log(name + "-broker")}");
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    private string Log(string name) => Path.Combine(settings.WorkDirectory, name + ".log");

    private void Check(int exitCode, string what)
    {
        if (exitCode != 0) throw new InvalidOperationException($"{what} exited with {exitCode}; see the logs in {settings.WorkDirectory}");
    }

    private sealed class BrokerProcess(ChildProcess process, string bootstrap) : IDisposable
    {
        public string Bootstrap => bootstrap;

        public void Dispose() => process.Dispose();
    }
}
