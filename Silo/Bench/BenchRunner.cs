using System.Globalization;
using System.Text.Json;
using GrainPipeline.Silo.Hosting;

namespace GrainPipeline.Silo.Bench;

/// <summary>
/// The bench: broker, producer and the consumer under test each run as their own process, on the
/// same generated data. Three phases:
/// 1. throughput — a fresh broker is pre-filled with the same records, then B0 (bare consumer) and
///    the silo each drain it alone, so neither is paced by a producer;
/// 2. memory — the silo runs the full event count replayed alongside (throttled on its lag; the
///    embedded broker keeps only ~5 MiB a partition), and its peak RSS is read;
/// 3. latency — a replay at half the silo's measured rate, stamped with intended send times.
/// </summary>
internal sealed class BenchRunner(BenchSettings settings, TextWriter output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(20);

    public async Task<BenchSummary> RunAsync()
    {
        Directory.CreateDirectory(settings.WorkDirectory);
        var prefillFile = await Generate(settings.ThroughputEvents, "throughput");
        var fullFile = settings.MemoryEvents == settings.ThroughputEvents ? prefillFile : await Generate(settings.MemoryEvents, "memory");

        var baseline = await Drain(prefillFile, "baseline --group bench-b0 --exit-when-idle 3", "b0", r => r.GetProperty("eventsPerSecond").GetDouble());
        output.WriteLine($"B0 bare consumer: {baseline:N0} events/s");
        var silo = await Drain(prefillFile, SiloArguments("--exit-when-idle 3"), "silo-throughput", r => r.GetProperty("eventsPerSecond").GetDouble());
        output.WriteLine($"pipeline ({settings.Stores}): {silo:N0} events/s = {silo / baseline:P0} of B0");

        var memory = await Concurrent(fullFile, rate: 0, "silo-memory");
        output.WriteLine($"pipeline over {settings.MemoryEvents:N0} events: peak RSS {memory.GetProperty("peakRssMiB").GetDouble():N0} MiB, " +
                         $"{memory.GetProperty("cpuSecondsPerMillion").GetDouble():F1} CPU s per million");
        var latencyRate = Math.Round(silo / 2);
        var latency = await Concurrent(prefillFile, latencyRate, "silo-latency");
        output.WriteLine($"latency at {latencyRate:N0} events/s: p50 {latency.GetProperty("p50Ms").GetDouble()} ms, p99 {latency.GetProperty("p99Ms").GetDouble()} ms, p99.9 {latency.GetProperty("p999Ms").GetDouble()} ms");

        return new BenchSummary
        {
            BaselineEventsPerSecond = Math.Round(baseline, 1),
            EventsPerSecond = Math.Round(silo, 1),
            RatioToBaseline = Math.Round(silo / baseline, 3),
            PeakRssMiB = memory.GetProperty("peakRssMiB").GetDouble(),
            CpuSecondsPerMillion = memory.GetProperty("cpuSecondsPerMillion").GetDouble(),
            P50Ms = latency.GetProperty("p50Ms").GetDouble(),
            P99Ms = latency.GetProperty("p99Ms").GetDouble(),
            P999Ms = latency.GetProperty("p999Ms").GetDouble(),
            LatencyRatePerSecond = latencyRate,
            MemoryRunEvents = settings.MemoryEvents,
            ThroughputRunEvents = settings.ThroughputEvents,
            Stores = settings.Stores,
        };
    }

    private string SiloArguments(string extra) => $"silo {settings.SiloArguments} {extra}".Trim();

    private async Task<string> Generate(long events, string name)
    {
        var file = Path.Combine(settings.WorkDirectory, $"{name}-{events}-{settings.Users}-{settings.Seed}.rec");
        if (File.Exists(file)) return file;
        output.WriteLine($"generating {events:N0} events for {settings.Users:N0} users …");
        using var child = ChildProcess.Start(string.Create(CultureInfo.InvariantCulture,
            $"generate --out {file} --events {events} --users {settings.Users} --shops {settings.Shops} --seed {settings.Seed}"), logFile: file + ".log");
        Check(await child.WaitAsync(RunTimeout, "generate"), "generate");
        return file;
    }

    /// <summary>Pre-fills a fresh broker with the file, then lets one consumer drain it alone.</summary>
    private async Task<double> Drain(string file, string consumerArguments, string name, Func<JsonElement, double> read)
    {
        using var broker = await StartBroker(name, settings.DrainPartitions);
        using (var fill = ChildProcess.Start($"replay --bootstrap {broker.Bootstrap} --file {file} --max-lag 0", logFile: Log(name + "-replay")))
            Check(await fill.WaitAsync(RunTimeout, "pre-fill"), "pre-fill");
        var summary = Path.Combine(settings.WorkDirectory, name + ".json");
        using (var consumer = ChildProcess.Start($"{consumerArguments} --bootstrap {broker.Bootstrap} --summary-json {summary}", settings.Environment, Log(name)))
            Check(await consumer.WaitAsync(RunTimeout, name), name);
        return read(JsonDocument.Parse(await File.ReadAllTextAsync(summary)).RootElement);
    }

    /// <summary>Silo and replay side by side (the replay throttled on the silo's lag, optionally at a fixed rate).</summary>
    private async Task<JsonElement> Concurrent(string file, double rate, string name)
    {
        using var broker = await StartBroker(name, settings.ConcurrentPartitions);
        var summary = Path.Combine(settings.WorkDirectory, name + ".json");
        using var silo = ChildProcess.Start(SiloArguments($"--exit-when-idle 5 --bootstrap {broker.Bootstrap} --summary-json {summary}"), settings.Environment, Log(name));
        // Events sent during the ~3 s group join would measure the join, not the pipeline.
        await silo.WaitForOutputAsync(Commands.SiloCommand.JoinedLine, TimeSpan.FromSeconds(60));
        using (var replay = ChildProcess.Start(string.Create(CultureInfo.InvariantCulture, $"replay --bootstrap {broker.Bootstrap} --file {file} --rate {rate}"), logFile: Log(name + "-replay")))
            Check(await replay.WaitAsync(RunTimeout, name + " replay"), name + " replay");
        Check(await silo.WaitAsync(RunTimeout, name), name);
        return JsonDocument.Parse(await File.ReadAllTextAsync(summary)).RootElement.Clone();
    }

    private async Task<BrokerProcess> StartBroker(string name, int partitions)
    {
        var bootstrapFile = Path.Combine(settings.WorkDirectory, name + ".bootstrap");
        File.Delete(bootstrapFile);
        var child = ChildProcess.Start($"broker --partitions {partitions} --bootstrap-file {bootstrapFile}", logFile: Log(name + "-broker"));
        for (var i = 0; i < 100 && !File.Exists(bootstrapFile); i++) await Task.Delay(100);
        var bootstrap = File.Exists(bootstrapFile) ? (await File.ReadAllTextAsync(bootstrapFile)).Trim() : throw new TimeoutException("the broker did not write its bootstrap file");
        return new BrokerProcess(child, bootstrap);
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
