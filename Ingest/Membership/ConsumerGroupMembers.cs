using System.Diagnostics;
using Confluent.Kafka;
using GrainPipeline.Kafka.Security;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Ingest.Membership;

/// <summary>
/// The members of the consumer group as Kafka reports them (the group's silos, with the partitions
/// each was assigned). One admin client, made on first use and kept; the answer is cached and
/// refreshed in the background at most once per <see cref="RefreshInterval"/> (<see cref="RetryInterval"/>
/// after a failure), so a dashboard that polls every second costs the broker one request every few
/// seconds, and nothing when nobody looks.
/// </summary>
public sealed partial class ConsumerGroupMembers : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>After a failed read (a broker that cannot describe groups, like the embedded one), ask this much less often.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    private readonly string _bootstrap;
    private readonly KafkaSecurityOptions _security;
    private readonly string _group;
    private readonly string _clientId;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private IAdminClient? _admin;
    private GroupMembership _last;
    private long _lastStarted;
    private Task? _refresh;
    private bool _disposed;

    public ConsumerGroupMembers(string bootstrap, KafkaSecurityOptions security, string group, string clientId, ILogger logger)
    {
        _bootstrap = bootstrap;
        _security = security;
        _group = group;
        _clientId = clientId;
        _logger = logger;
        _last = new GroupMembership(group, "unknown", [], null, "not read yet");
    }

    /// <summary>The last answer; starts a background refresh when it is older than the interval.</summary>
    public GroupMembership Current()
    {
        lock (_lock)
        {
            var interval = _last.Error is null ? RefreshInterval : RetryInterval;
            var stale = _lastStarted == 0 || Stopwatch.GetElapsedTime(_lastStarted) >= interval;
            if (stale && _refresh is null or { IsCompleted: true } && !_disposed)
            {
                _lastStarted = Stopwatch.GetTimestamp();
                _refresh = Task.Run(Refresh);
            }
            return _last;
        }
    }

    /// <summary>Waits for the refresh under way, if any (tests).</summary>
    public Task WhenRefreshed()
    {
        lock (_lock) return _refresh ?? Task.CompletedTask;
    }

    private void Refresh()
    {
        GroupMembership next;
        try
        {
            IAdminClient admin;
            lock (_lock)
            {
                if (_disposed) return;
                admin = _admin ??= CreateAdmin();
            }
            var info = admin.ListGroup(_group, RequestTimeout);
            next = info is null
                ? new GroupMembership(_group, "unknown", [], DateTimeOffset.UtcNow, "the broker did not describe the group")
                : new GroupMembership(_group, info.State, info.Members.Select(ToMember).OrderBy(m => m.ClientId, StringComparer.Ordinal).ToList(),
                    DateTimeOffset.UtcNow, info.Error.IsError ? info.Error.Reason : null);
        }
        catch (KafkaException e)
        {
            LogRefreshFailed(_logger, e.Error.Reason);
            lock (_lock) next = _last with { Error = e.Error.Reason };
        }
        lock (_lock) _last = next;
    }

    private IAdminClient CreateAdmin()
    {
        var config = new AdminClientConfig { BootstrapServers = _bootstrap, ClientId = _clientId + "-admin", LogConnectionClose = false };
        _security.ApplyTo(config);
        return new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
    }

    private static GroupMember ToMember(GroupMemberInfo member) =>
        new(member.MemberId, member.ClientId, member.ClientHost, MemberAssignmentReader.Partitions(member.MemberAssignment));

    public void Dispose()
    {
        Task? refresh;
        lock (_lock)
        {
            _disposed = true;
            refresh = _refresh;
        }
        refresh?.Wait(RequestTimeout + TimeSpan.FromSeconds(1));
        lock (_lock)
        {
            _admin?.Dispose();
            _admin = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not describe the consumer group: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}

/// <summary>The group as last read: its state, members, when it was read, and the error if the read failed.</summary>
public sealed record GroupMembership(string Group, string State, IReadOnlyList<GroupMember> Members, DateTimeOffset? ReadAt, string? Error);

/// <summary>One member of the group: its client id is the silo's member name.</summary>
public sealed record GroupMember(string MemberId, string ClientId, string Host, IReadOnlyList<int> Partitions);
