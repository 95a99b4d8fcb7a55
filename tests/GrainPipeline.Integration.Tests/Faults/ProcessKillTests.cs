using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Silo.Hosting;
using GrainPipeline.Silo.Testing;
using GrainPipeline.Silo.Verification;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace GrainPipeline.Integration.Tests.Faults;

/// <summary>
/// kill -9 of real silo processes, again and again, while a workload is replayed into the embedded
/// broker: two <c>grain-pipeline silo</c> processes on private Redis (append-only file) and PostgreSQL;
/// every few seconds one is SIGKILLed — nothing drained, committed, flushed or written — and started
/// again. At the end both stop gracefully (SIGTERM) and the verifier reads PostgreSQL.
/// Product stats are not yet exact after a kill -9 (see the known gap below and FAULTS.md).
/// </summary>
[Collection(SerialCollection.Name)]
public class ProcessKillTests(ITestOutputHelper output)
{
    private const int Partitions = 12;

    [Fact]
    public async Task Silo_processes_killed_with_sigkill_repeatedly_lose_nothing_keep_order_and_count_nothing_twice()
    {
        var spec = new WorkloadSpec { Events = Soak.Events(12_000), Users = Soak.Users(1_500), Shops = 8, Seed = 51 };
        var kills = Soak.Enabled ? 12 : 3;
        var killEvery = TimeSpan.FromSeconds(Soak.Enabled ? 8 : 4);

        using var servers = await TestStoreServers.StartAsync();
        using var broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Partitions = Partitions });
        // The test's own store set runs the migrations before any silo starts, and reads PostgreSQL at the end.
        var configuration = new Dictionary<string, string?>(servers.Configuration, StringComparer.OrdinalIgnoreCase)
        {
            ["Silo:Stores"] = StoreKinds.RedisPostgres,
            ["Ingest:Bootstrap"] = broker.Bootstrap,
        };
        await using var stores = await StoreSets.OpenAsync(SiloConfiguration.Load(configuration), NullLoggerFactory.Instance);

        var directory = Directory.CreateTempSubdirectory("gp-kill-").FullName;
        var silos = new List<SiloProcess>();
        try
        {
            SiloProcess Launch(string name)
            {
                var silo = SiloProcess.Start(name, broker.Bootstrap, servers, directory);
                lock (silos) silos.Add(silo);
                return silo;
            }

            var a = Launch("kill-a");
            var b = Launch("kill-b");
            await Task.WhenAll(a.Joined, b.Joined).WaitAsync(TimeSpan.FromSeconds(60));

            using var probe = new ConsumerGroupLagProbe(broker.Bootstrap);
            using var producer = new WorkloadProducer(new ProduceOptions { Bootstrap = broker.Bootstrap, RatePerSecond = 1_500, BacklogProbe = probe });
            var producing = producer.RunAsync(WorkloadGenerator.Generate(spec));

            var live = new[] { a, b };
            var killed = 0;
            var clock = Stopwatch.StartNew();
            while (killed < kills)
            {
                await Task.Delay(killEvery);
                var victim = live[killed % 2];
                victim.Kill();
                killed++;
                output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: SIGKILL {victim.Name} (pid {victim.Pid}), produced {producer.Produced:N0}");
                live[(killed - 1) % 2] = Launch(victim.Name);
            }

            var report = await producing.WaitAsync(Soak.Scaled(TimeSpan.FromMinutes(3)));
            report.Produced.Should().Be(spec.Events);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: all {spec.Events:N0} produced");
            await WaitForCaughtUpAsync(broker.Bootstrap, Soak.Scaled(TimeSpan.FromMinutes(2)));

            foreach (var silo in live) silo.Terminate();
            foreach (var silo in live)
            {
                var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
                exit.Should().Be(0, $"{silo.Name} stops gracefully on SIGTERM: {silo.Log}");
                var summary = silo.Summary();
                output.WriteLine($"{silo.Name}: peak in flight {summary.PeakInFlightMessages} messages, {summary.PeakInFlightBytes:N0} bytes; peak RSS {summary.PeakRssMiB} MiB");
                summary.PeakInFlightMessages.Should().BeLessOrEqualTo(512, "the default in-flight budget holds");
                summary.PeakRssMiB.Should().BeLessThan(1024, "a silo process stays far under a gibibyte");
            }

            killed.Should().Be(kills);
            var deadLetters = DeadLetterReader.Read(broker.Bootstrap, Topics.DeadLetters, TimeSpan.FromSeconds(30));
            var result = await new PipelineVerifier(stores.Events, stores.ProductStats).VerifyAsync(spec, deadLetters, CancellationToken.None);
            var why = string.Join("; ", result.Samples);
            output.WriteLine($"stored {result.Stored:N0}, lost {result.Lost}, order {result.OrderViolations}, stats {result.StatsMismatches}/{result.StatCellsChecked}: {why}");
            result.Lost.Should().Be(0, why);
            result.OrderViolations.Should().Be(0, why);
            result.Stored.Should().Be(spec.ValidEvents);
            result.StatCellsChecked.Should().BeGreaterThan(0);
            // An event indexed before a kill but not finished is redelivered and its stats are added then,
            // once (the buffer remembers applied events): exact, neither short nor counted twice.
            result.StatsOverCounted.Should().Be(0, why);
            result.StatsMismatches.Should().Be(0, why);
            deadLetters.Total.Should().Be(0, "a killed silo is not a reason to dead-letter anything");
        }
        catch
        {
            // What the silo processes said (warnings and errors) is the first thing to read when this fails.
            foreach (var silo in silos) output.WriteLine($"--- {silo.Name} (pid {silo.Pid}) ---{Environment.NewLine}{silo.Log}");
            throw;
        }
        finally
        {
            foreach (var silo in silos) silo.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Waits until the group's committed offsets reach the end of every partition.</summary>
    private static async Task WaitForCaughtUpAsync(string bootstrap, TimeSpan timeout)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = Topics.ConsumerGroup, EnableAutoCommit = false };
        using var probe = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topics.Events, p)).ToList();
        var until = DateTime.UtcNow + timeout;
        var behind = "";
        while (DateTime.UtcNow < until)
        {
            var committed = probe.Committed(partitions, TimeSpan.FromSeconds(5)).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
            var lagging = partitions
                .Select(tp => (tp.Partition.Value, End: probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value))
                .Where(p => p.End > 0 && committed.GetValueOrDefault(p.Value, -1) < p.End)
                .ToList();
            if (lagging.Count == 0) return;
            behind = string.Join(", ", lagging.Select(l => $"p{l.Value}: {committed.GetValueOrDefault(l.Value, -1)}/{l.End}"));
            await Task.Delay(200);
        }
        throw new TimeoutException($"The group did not commit to the end of every partition within {timeout}: {behind}");
    }

    /// <summary>One <c>grain-pipeline silo</c> child process, started by this test and ended by its own id.</summary>
    private sealed class SiloProcess : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Text.StringBuilder _log = new();
        private readonly string _summaryFile;

        private SiloProcess(string name, Process process, string summaryFile)
        {
            Name = name;
            _process = process;
            _summaryFile = summaryFile;
        }

        public string Name { get; }

        public int Pid => _process.Id;

        public Task Joined => _joined.Task;

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        public static SiloProcess Start(string name, string bootstrap, TestStoreServers servers, string directory)
        {
            var binary = Path.Combine(AppContext.BaseDirectory, "grain-pipeline");
            var summaryFile = Path.Combine(directory, $"{name}-{Guid.NewGuid():N}.json");
            var start = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "silo", "--bootstrap", bootstrap, "--name", name, "--stores", StoreKinds.RedisPostgres,
                         "--redis", servers.Redis.Endpoint, "--postgres", servers.Postgres.ConnectionString(), "--no-dashboard",
                         "--summary-json", summaryFile, "--verbose",
                     })
            {
                start.ArgumentList.Add(arg);
            }
            // As in the in-process TestCluster: a killed member's partitions move after 6 s; commits every 200 ms.
            start.Environment["Ingest__SessionTimeoutMs"] = "6000";
            start.Environment["Ingest__CommitInterval"] = "00:00:00.200";
            start.Environment["Flusher__Period"] = "00:00:02";
            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
            var silo = new SiloProcess(name, process, summaryFile);
            process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return silo;
        }

        private void OnLine(string? line)
        {
            if (line is null) return;
            lock (_log) _log.AppendLine(line);
            if (line.Contains("silo joined the group", StringComparison.Ordinal)) _joined.TrySetResult();
        }

        /// <summary>SIGKILL: the process gets no chance to drain, commit, flush or write state.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit(10_000).Should().BeTrue($"{Name} dies on SIGKILL");
        }

        /// <summary>SIGTERM: the silo's graceful stop.</summary>
        public void Terminate() => Stores.Local.LocalProcess.Signal(_process.Id, "TERM");

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }

        public SiloRunSummary Summary() =>
            JsonSerializer.Deserialize<SiloRunSummary>(File.ReadAllText(_summaryFile), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{_summaryFile} is empty");

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.Dispose();
        }
    }
}
