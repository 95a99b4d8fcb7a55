using System.Diagnostics;
using System.Globalization;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Redis.Options;
using GrainPipeline.Stores.Redis.Resp;
using GrainPipeline.Stores.Tests.Infrastructure;

namespace GrainPipeline.Stores.Tests.Redis;

/// <summary>The RESP client against a real redis-server: commands, pipelining, bounds, timeouts, outages, AUTH, SELECT, TLS.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisConnectionTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly RedisOptions _options = redis.Options();
    private RedisConnection _connection = null!;

    private string Key(string name) => _options.KeyPrefix + name;

    public async Task InitializeAsync() => _connection = await RedisConnection.ConnectAsync(_options);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Strings_hashes_sets_and_hyperloglogs_round_trip()
    {
        (await _connection.PingAsync(default)).Should().Be("PONG");
        (await _connection.SetAsync(Key("s"), "héllo", TimeSpan.FromMinutes(1), default)).Should().BeTrue();
        (await _connection.GetAsync(Key("s"), default)).Should().Equal("héllo"u8.ToArray());
        (await _connection.GetAsync(Key("missing"), default)).Should().BeNull();

        (await _connection.HashIncrementAsync(Key("h"), "v", 5, default)).Should().Be(5);
        (await _connection.HashIncrementAsync(Key("h"), "v", -2, default)).Should().Be(3);
        (await _connection.HashIncrementFloatAsync(Key("h"), "f", 0.1m, default)).Should().Be("0.1");
        var hash = await _connection.HashGetAllAsync(Key("h"), default);
        hash.Keys.Should().BeEquivalentTo("v", "f");

        (await _connection.SetAddAsync(Key("set"), ["a", "b", "a"], default)).Should().Be(2);
        (await _connection.SetCardinalityAsync(Key("set"), default)).Should().Be(2);
        (await _connection.HyperLogLogAddAsync(Key("hll"), ["x", "y", "z"], default)).Should().BeTrue();
        (await _connection.HyperLogLogCountAsync(Key("hll"), default)).Should().Be(3);

        (await _connection.ExpireAsync(Key("set"), TimeSpan.FromMinutes(5), default)).Should().BeTrue();
        (await _connection.DeleteAsync([Key("s"), Key("h"), Key("set"), Key("nope")], default)).Should().Be(3);
    }

    [Fact]
    public async Task Scans_visit_every_key_field_and_member()
    {
        await Task.WhenAll(Enumerable.Range(0, 250).Select(i => _connection.SetAsync(Key($"scan:{i}"), i, null, default)));
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => _connection.HashSetAsync(Key("bighash"), $"f{i}", i, default)));
        await _connection.SetAddAsync(Key("bigset"), Enumerable.Range(0, 300).Select(i => $"m{i}").ToList(), default);

        var keys = new HashSet<string>();
        var page = new RedisScanPage(0, []);
        do
        {
            page = await _connection.ScanAsync(page.Cursor, Key("scan:*"), 100, default);
            keys.UnionWith(page.Items.Select(v => v.AsString()!));
        } while (!page.IsLast);
        keys.Should().HaveCount(250);

        var fields = new HashSet<string>();
        page = new RedisScanPage(0, []);
        do
        {
            page = await _connection.HashScanAsync(Key("bighash"), page.Cursor, "f*", 50, default);
            for (var i = 0; i < page.Items.Count; i += 2) fields.Add(page.Items[i].AsString()!);
        } while (!page.IsLast);
        fields.Should().HaveCount(300);

        var members = new HashSet<string>();
        page = new RedisScanPage(0, []);
        do
        {
            page = await _connection.SetScanAsync(Key("bigset"), page.Cursor, "*", 50, default);
            members.UnionWith(page.Items.Select(v => v.AsString()!));
        } while (!page.IsLast);
        members.Should().HaveCount(300);
    }

    [Fact]
    public async Task Sorted_set_lex_ranges_page_in_key_order()
    {
        foreach (var member in new[] { "b", "a", "d", "c", "e" }) await _connection.SortedSetAddAsync(Key("z"), 0, member, default);
        (await _connection.SortedSetRangeByLexAsync(Key("z"), "-", "+", 0, 2, default)).Should().Equal("a", "b");
        (await _connection.SortedSetRangeByLexAsync(Key("z"), "(b", "+", 0, 2, default)).Should().Equal("c", "d");
        (await _connection.SortedSetRemoveAsync(Key("z"), "c", default)).Should().Be(1);
        (await _connection.SortedSetRangeByLexAsync(Key("z"), "(b", "+", 0, 10, default)).Should().Equal("d", "e");
    }

    [Fact]
    public async Task Concurrent_callers_are_pipelined_into_few_socket_writes_and_answered_in_order()
    {
        var writesBefore = _connection.Counters.SocketWrites;
        var calls = Enumerable.Range(0, 20_000)
            .Select(_ => _connection.ExecuteAsync(RespRequest.Create("INCR", Key("counter")), default))
            .ToArray();
        var replies = await Task.WhenAll(calls);

        // One caller issuing in order: reply i is the i-th increment, so FIFO matching is exact.
        replies.Select(r => r.AsInt64()).Should().Equal(Enumerable.Range(1, 20_000).Select(i => (long)i));
        (_connection.Counters.SocketWrites - writesBefore).Should().BeLessThan(2_000, "queued commands share socket writes (20–300 seen)");
        _connection.PendingCommands.Should().Be(0);
    }

    [Fact]
    public async Task An_error_reply_fails_only_its_own_command()
    {
        await _connection.SetAsync(Key("str"), "x", null, default);
        var wrong = _connection.HashIncrementAsync(Key("str"), "f", 1, default);
        var right = _connection.PingAsync(default);
        (await wrong.Invoking(t => t).Should().ThrowAsync<RedisServerException>()).Which.Code.Should().Be("WRONGTYPE");
        (await right).Should().Be("PONG");
    }

    [Fact]
    public async Task Scripts_run_by_sha_and_are_loaded_again_after_NOSCRIPT()
    {
        var script = new RedisScript("echo", $"return ARGV[1] .. '{Guid.NewGuid():N}' .. KEYS[1]");
        (await _connection.ScriptLoadAsync(script, default)).Should().Be(script.Sha1);
        (await _connection.EvalAsync(script, [Key("k")], ["a"], default)).AsString().Should().StartWith("a").And.EndWith(Key("k"));

        await _connection.ExecuteAsync(RespRequest.Create("SCRIPT", "FLUSH"), default);
        (await _connection.EvalAsync(script, [Key("k")], ["b"], default)).AsString().Should().StartWith("b");
    }

    [Fact]
    public async Task Select_chooses_the_database()
    {
        var other = _options.Clone(o => o.Database = 3);
        await using var db3 = await RedisConnection.ConnectAsync(other);
        await db3.SetAsync(Key("only-in-3"), "x", null, default);
        (await _connection.GetAsync(Key("only-in-3"), default)).Should().BeNull();
        (await db3.GetAsync(Key("only-in-3"), default)).Should().NotBeNull();
    }

    [Fact]
    public async Task A_caller_token_cancels_its_command_and_later_replies_still_match_their_commands()
    {
        using var server = LocalRedisServer.Start();
        await using var connection = await RedisConnection.ConnectAsync(RedisServerFixture.ForPort(server.Port));
        await connection.SetAsync("k", "before", null, default);

        server.Pause();
        using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            var started = Stopwatch.StartNew();
            var act = async () => await connection.GetAsync("k", soon.Token);
            await act.Should().ThrowAsync<OperationCanceledException>();
            started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
        }
        var after = connection.ExecuteAsync(RespRequest.Create("SET", "k", "after"), default);
        var read = connection.GetAsync("k", default);
        server.Resume();

        (await after).IsOk.Should().BeTrue("the cancelled GET's reply is discarded, not handed to the SET");
        (await read).Should().Equal("after"u8.ToArray());
        connection.PendingCommands.Should().Be(0);
    }

    [Fact]
    public async Task A_full_pending_queue_makes_callers_wait_with_their_own_token()
    {
        using var server = LocalRedisServer.Start();
        var options = RedisServerFixture.ForPort(server.Port);
        options.MaxPendingCommands = 2;
        await using var connection = await RedisConnection.ConnectAsync(options);

        server.Pause();
        var first = connection.PingAsync(default);
        var second = connection.PingAsync(default);
        connection.PendingCommands.Should().Be(2);
        using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            var third = async () => await connection.PingAsync(soon.Token);
            await third.Should().ThrowAsync<OperationCanceledException>("no slot frees while the server is stalled");
        }
        connection.PendingCommands.Should().Be(2, "the waiter never took a slot");
        server.Resume();
        (await first).Should().Be("PONG");
        (await second).Should().Be("PONG");
        (await connection.PingAsync(default)).Should().Be("PONG");
    }

    [Fact]
    public async Task Commands_fail_fast_while_the_server_is_down_and_work_again_after_it_returns()
    {
        using var server = LocalRedisServer.Start();
        var options = RedisServerFixture.ForPort(server.Port);
        options.ReconnectMinBackoff = TimeSpan.FromMilliseconds(50);
        options.ReconnectMaxBackoff = TimeSpan.FromMilliseconds(200);
        await using var connection = await RedisConnection.ConnectAsync(options);
        (await connection.PingAsync(default)).Should().Be("PONG");

        server.Kill();
        await Eventually.TrueAsync(() => !connection.IsConnected, "the connection notices the server is gone");
        var started = Stopwatch.StartNew();
        var act = async () => await connection.PingAsync(default);
        (await act.Should().ThrowAsync<StoreUnavailableException>()).Which.Message.Should().Contain($"127.0.0.1:{server.Port}");
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "no waiting while disconnected (a wait would last until a timeout)");

        server.Launch();
        await Eventually.TrueAsync(() => connection.IsConnected, "the connection comes back");
        (await connection.PingAsync(default)).Should().Be("PONG");
        connection.Reconnects.Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Commands_in_flight_when_the_connection_drops_fail_as_unavailable()
    {
        using var server = LocalRedisServer.Start();
        await using var connection = await RedisConnection.ConnectAsync(RedisServerFixture.ForPort(server.Port));
        server.Pause();
        var inFlight = Enumerable.Range(0, 10).Select(_ => connection.PingAsync(default)).ToArray();
        server.Kill();
        foreach (var call in inFlight) await call.Invoking(c => c).Should().ThrowAsync<StoreUnavailableException>();
        connection.PendingCommands.Should().Be(0);
    }

    [Fact]
    public async Task A_stalled_server_is_detected_by_the_response_timeout_and_the_connection_is_remade()
    {
        using var server = LocalRedisServer.Start();
        var options = RedisServerFixture.ForPort(server.Port);
        options.ResponseTimeout = TimeSpan.FromSeconds(1);
        options.ReconnectMinBackoff = TimeSpan.FromMilliseconds(50);
        await using var connection = await RedisConnection.ConnectAsync(options);

        server.Pause();
        var started = Stopwatch.StartNew();
        var act = async () => await connection.PingAsync(default);
        (await act.Should().ThrowAsync<StoreUnavailableException>()).WithInnerException<TimeoutException>();
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        server.Resume();
        await Eventually.TrueAsync(() => connection.IsConnected, "the connection is remade");
        (await connection.PingAsync(default)).Should().Be("PONG");
    }

    [Fact]
    public async Task Connecting_to_nothing_fails_with_store_unavailable_naming_the_endpoint()
    {
        var options = RedisServerFixture.ForPort(LocalProcess.FreePort());
        var act = async () => await RedisConnection.ConnectAsync(options);
        (await act.Should().ThrowAsync<StoreUnavailableException>()).Which.Message.Should().Contain($"127.0.0.1:{options.Port}");
    }

    [Fact]
    public async Task Auth_with_a_password_and_with_an_acl_user()
    {
        using var server = LocalRedisServer.Start("--requirepass", "s3cret");
        var options = RedisServerFixture.ForPort(server.Port);

        await using (var anonymous = await RedisConnection.ConnectAsync(options))
        {
            var ping = async () => await anonymous.PingAsync(default);
            await ping.Should().ThrowAsync<RedisServerException>().WithMessage("*NOAUTH*");
        }

        options.Password = "wrong";
        var wrong = async () => await RedisConnection.ConnectAsync(options);
        (await wrong.Should().ThrowAsync<StoreUnavailableException>()).Which.Message.Should().Contain("WRONGPASS");

        options.Password = "s3cret";
        await using var admin = await RedisConnection.ConnectAsync(options);
        (await admin.PingAsync(default)).Should().Be("PONG");
        await admin.ExecuteAsync(RespRequest.Create("ACL", "SETUSER", "alice", "on", ">pw", "~*", "&*", "+@all"), default);

        var alice = RedisServerFixture.ForPort(server.Port);
        alice.User = "alice";
        alice.Password = "pw";
        await using var asAlice = await RedisConnection.ConnectAsync(alice);
        (await asAlice.ExecuteAsync(RespRequest.Create("ACL", "WHOAMI"), default)).AsString().Should().Be("alice");
    }

    [Fact]
    public async Task Tls_with_a_private_ca()
    {
        var tlsPort = LocalProcess.FreePort();
        var directory = Directory.CreateTempSubdirectory("gp-tls-").FullName;
        try
        {
            var certificates = TestCertificates.Create(directory);
            using var server = LocalRedisServer.Start(0, "--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture),
                "--tls-cert-file", certificates.CertificateFile, "--tls-key-file", certificates.KeyFile,
                "--tls-ca-cert-file", certificates.CaFile, "--tls-auth-clients", "no");
            var options = RedisServerFixture.ForPort(tlsPort);
            options.UseTls = true;
            options.TlsHost = "localhost";
            options.TlsCaCertificateFile = certificates.CaFile;
            await using var connection = await RedisConnection.ConnectAsync(options);
            (await connection.PingAsync(default)).Should().Be("PONG");
            await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => connection.SetAsync($"tls:{i}", i, null, default)));
            (await connection.GetAsync("tls:999", default)).Should().Equal("999"u8.ToArray());

            options.TlsCaCertificateFile = null; // the system store does not know our CA
            var untrusted = async () => await RedisConnection.ConnectAsync(options);
            await untrusted.Should().ThrowAsync<StoreUnavailableException>();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Disposing_lets_queued_commands_finish_then_refuses_new_ones()
    {
        var connection = await RedisConnection.ConnectAsync(redis.Options());
        var queued = Enumerable.Range(0, 1000).Select(_ => connection.PingAsync(default)).ToArray();
        await connection.DisposeAsync();
        (await Task.WhenAll(queued)).Should().OnlyContain(p => p == "PONG");
        var after = async () => await connection.PingAsync(default);
        await after.Should().ThrowAsync<ObjectDisposedException>();
    }
}
