using Confluent.Kafka;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Embedded;
using GrainPipeline.Silo.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Testing;

/// <summary>
/// Several silos in one process sharing one embedded broker and one set of stores, like Orleans'
/// TestCluster. Silos can be added, stopped gracefully, killed (no drain, no commit, no group
/// leave) and restarted. Waits are driven by the silos' assignment events and the group's
/// committed offsets, each with a timeout whose message says what was awaited.
/// </summary>
public sealed partial class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly List<PipelineSilo> _live = [];
    private readonly List<PipelineSilo> _gone = [];
    // Silos that have had their first assignment (possibly empty): they are members of the group.
    private readonly HashSet<PipelineSilo> _joined = [];
    private readonly Lock _lock = new();
    private int _nextSilo;
    private readonly StoreSet _ownedStores;
    private TaskCompletionSource _assignmentChanged = NewSignal();
    private readonly RecentLog? _log;
    private readonly ILogger _logger;

    private TestCluster(TestClusterOptions options, EmbeddedBroker broker, ILoggerFactory loggers, RecentLog? log, StoreSet stores, TestStoreServers? servers)
    {
        _options = options;
        Broker = broker;
        _loggers = loggers;
        _log = log;
        _logger = loggers.CreateLogger<TestCluster>();
        _ownedStores = stores;
        Stores = options.WrapStores?.Invoke(stores) ?? stores;
        Servers = servers;
    }

    public EmbeddedBroker Broker { get; }

    public StoreSet Stores { get; }

    /// <summary>The private Redis and PostgreSQL servers when the cluster runs on real stores; null on memory stores.</summary>
    public TestStoreServers? Servers { get; }

    /// <summary>Every silo this cluster ever ran, stopped and killed ones included (for their peaks and totals).</summary>
    public IReadOnlyList<PipelineSilo> AllSilos
    {
        get { lock (_lock) return _live.Concat(_gone).ToList(); }
    }

    public IReadOnlyList<PipelineSilo> Silos
    {
        get { lock (_lock) return _live.ToList(); }
    }

    /// <summary>Records completed by every silo this cluster ever ran, killed ones included.</summary>
    public long Completed
    {
        get { lock (_lock) return _live.Concat(_gone).Sum(s => s.Pump.Statistics.Completed); }
    }

    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null, ILoggerFactory? loggers = null)
    {
        options ??= new TestClusterOptions();
        // Without a caller's loggers the cluster keeps its own recent log, for its timeouts' messages.
        RecentLog? log = null;
        if (loggers is null) (loggers, log) = RecentLog.CreateFactory();
        var (stores, servers) = await OpenStoresAsync(options, loggers);
        var broker = EmbeddedBroker.Start(new EmbeddedBrokerOptions { Partitions = options.Partitions });
        var cluster = new TestCluster(options, broker, loggers, log, stores, servers);
        for (var i = 0; i < options.InitialSilos; i++) cluster.StartSilo();
        await cluster.WaitForFullAssignmentAsync(TimeSpan.FromSeconds(60));
        return cluster;
    }

    public PipelineSilo StartSilo()
    {
        var configuration = Configuration(_options, Servers);
        configuration["Ingest:Bootstrap"] = Broker.Bootstrap;
        configuration["Silo:MemberName"] = $"test-silo-{Interlocked.Increment(ref _nextSilo)}";
        var silo = new PipelineSilo(SiloConfiguration.Load(configuration), Stores, _loggers);
        silo.AssignmentChanged += () =>
        {
            lock (_lock) _joined.Add(silo);
            OnAssignmentChanged();
        };
        lock (_lock) _live.Add(silo);
        LogSiloEvent(_logger, silo.Options.MemberName, "starting");
        silo.Start();
        return silo;
    }

    /// <summary>Graceful stop: drain, commit, deactivate (state written), leave the group.</summary>
    public async Task StopSiloAsync(PipelineSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Retire(silo);
        LogSiloEvent(_logger, silo.Options.MemberName, "stopping");
        await silo.StopAsync();
    }

    /// <summary>Crash: nothing drained, committed or written; the group notices after the session timeout.</summary>
    public async Task KillSiloAsync(PipelineSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Retire(silo);
        LogSiloEvent(_logger, silo.Options.MemberName, "killed");
        await silo.KillAsync();
    }

    /// <summary>
    /// Waits until every live silo has joined the group (had its first assignment, possibly empty) and
    /// every partition is owned by exactly one of them. Without the first condition a silo just
    /// started would not count yet, and the wait would end before the rebalance that it starts.
    /// </summary>
    public async Task WaitForFullAssignmentAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var signal = Volatile.Read(ref _assignmentChanged);
            if (IsFullyAssigned(out var owners)) return;
            try
            {
                await signal.Task.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Partitions were not all assigned to live silos within {timeout}; owners now: {owners}{RecentLines()}");
            }
        }
    }

    /// <summary>Waits until the group's committed offsets reach the end of every partition of <c>events</c>.</summary>
    public async Task WaitForCaughtUpAsync(TimeSpan timeout)
    {
        var config = new ConsumerConfig { BootstrapServers = Broker.Bootstrap, GroupId = Topics.ConsumerGroup, EnableAutoCommit = false };
        using var probe = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var partitions = Enumerable.Range(0, _options.Partitions).Select(p => new TopicPartition(Topics.Events, p)).ToList();
        var until = DateTime.UtcNow + timeout;
        string behind = "";
        while (DateTime.UtcNow < until)
        {
            var committed = probe.Committed(partitions, TimeSpan.FromSeconds(5)).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
            var lagging = partitions
                .Select(tp => (tp.Partition.Value, End: probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value))
                .Where(p => p.End > 0 && committed.GetValueOrDefault(p.Value, -1) < p.End)
                .ToList();
            if (lagging.Count == 0) return;
            behind = string.Join(", ", lagging.Select(l => $"p{l.Value}: {committed.GetValueOrDefault(l.Value, -1)}/{l.End}"));
            // The committed offsets live in the broker: there is no event to wait on, so look again shortly.
            await Task.Delay(100);
        }
        throw new TimeoutException($"The group did not commit to the end of every partition within {timeout}: {behind}{RecentLines()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var silo in Silos) await StopSiloAsync(silo);
            foreach (var silo in _gone) await silo.DisposeAsync();
            await _ownedStores.DisposeAsync();
        }
        finally
        {
            Broker.Dispose();
            Servers?.Dispose();
            if (_log is not null)
            {
                _loggers.Dispose();
                _log.Dispose();
            }
        }
    }

    /// <summary>The cluster's last log lines, for a timeout's message; empty when the caller brought its own loggers.</summary>
    private string RecentLines() =>
        _log is null ? "" : $"{Environment.NewLine}last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, _log.Tail(60))}";

    private static Dictionary<string, string?> Configuration(TestClusterOptions options, TestStoreServers? servers)
    {
        var configuration = new Dictionary<string, string?>(options.Configuration, StringComparer.OrdinalIgnoreCase)
        {
            ["Silo:Stores"] = options.Stores.Name(),
        };
        foreach (var (key, value) in servers?.Configuration ?? new Dictionary<string, string?>()) configuration[key] = value;
        return configuration;
    }

    /// <summary>One store set for every silo: in memory, or the production adapters over private servers.</summary>
    private static async Task<(StoreSet Stores, TestStoreServers? Servers)> OpenStoresAsync(TestClusterOptions options, ILoggerFactory loggers)
    {
        if (options.Stores == StoreKind.Memory) return (StoreSet.InMemory(options.StoreLatency), null);
        var servers = await TestStoreServers.StartAsync();
        try
        {
            var configuration = Configuration(options, servers);
            configuration["Ingest:Bootstrap"] = "127.0.0.1:9092"; // validated, unused: the store set does not talk to Kafka
            var stores = await StoreSets.OpenAsync(SiloConfiguration.Load(configuration), loggers, options.StoreLatency);
            return (stores, servers);
        }
        catch
        {
            servers.Dispose();
            throw;
        }
    }

    private void Retire(PipelineSilo silo)
    {
        lock (_lock)
        {
            _live.Remove(silo);
            _gone.Add(silo);
        }
        OnAssignmentChanged();
    }

    private bool IsFullyAssigned(out string owners)
    {
        List<PipelineSilo> silos;
        bool allJoined;
        lock (_lock)
        {
            silos = _live.ToList();
            allJoined = silos.All(_joined.Contains);
        }
        var owned = silos.SelectMany(s => s.OwnedPartitions).ToList();
        owners = string.Join("; ", silos.Select(s => $"{s.Options.MemberName}=[{string.Join(',', s.OwnedPartitions.Order())}]{(IsJoined(s) ? "" : " (not joined yet)")}"));
        return allJoined && owned.Count == _options.Partitions && owned.Distinct().Count() == _options.Partitions;
    }

    private bool IsJoined(PipelineSilo silo)
    {
        lock (_lock) return _joined.Contains(silo);
    }

    private void OnAssignmentChanged() => Interlocked.Exchange(ref _assignmentChanged, NewSignal()).TrySetResult();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Member} {Event}")]
    private static partial void LogSiloEvent(ILogger logger, string member, string @event);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
