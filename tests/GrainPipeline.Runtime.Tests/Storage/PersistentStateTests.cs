using System.Diagnostics;
using System.Text.Json;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;

namespace GrainPipeline.Runtime.Tests.Storage;

/// <summary>Grain state: read before OnActivateAsync, written under its ETag, never silently overwritten.</summary>
public sealed class PersistentStateTests
{
    private static readonly GrainId Counter = new(StatefulGrain.TypeName, "counter-1");

    [Fact]
    public async Task State_is_read_before_OnActivateAsync_runs()
    {
        var storage = new MemoryGrainStorage();
        await storage.WriteAsync(StatefulGrain.StateName, Counter, JsonSerializer.SerializeToUtf8Bytes(new CounterState { Value = 41 }), null, default);
        await using var host = new TestRuntimeBuilder().AddTestGrains(new GrainProbe()).WithStorage(storage).Start();

        var grain = host.Grain<IStatefulGrain>(Counter.Key);

        (await grain.ValueAtActivation().WithTimeout("counter-1: first call")).Should().Be(41);
        (await grain.Get()).Should().Be(41);
    }

    [Fact]
    public async Task A_storage_outage_at_activation_is_waited_out_and_the_queued_calls_run_in_order()
    {
        var inner = new MemoryGrainStorage();
        await inner.WriteAsync(StatefulGrain.StateName, Counter, JsonSerializer.SerializeToUtf8Bytes(new CounterState { Value = 10 }), null, default);
        var storage = new UnreachableFor(inner, failures: 3);
        await using var host = new TestRuntimeBuilder().AddTestGrains(new GrainProbe()).WithStorage(storage).Start();
        var grain = host.Grain<IStatefulGrain>(Counter.Key);

        // Queued behind the activation while its storage is down: none may fail, and they keep their order.
        var adds = Enumerable.Range(1, 5).Select(grain.Add).ToList();
        var read = grain.Get();
        await Task.WhenAll(adds).WithTimeout("calls queued behind a retried activation");

        (await read.WithTimeout("read after the adds")).Should().Be(25, "10 stored + 1..5, all applied before the read queued after them");
        storage.Failed.Should().Be(3);
    }

    [Fact]
    public async Task A_stopping_runtime_stops_waiting_out_a_storage_outage_and_fails_the_calls_behind_it()
    {
        var storage = new UnreachableFor(new MemoryGrainStorage(), failures: int.MaxValue);
        var host = new TestRuntimeBuilder().AddTestGrains(new GrainProbe()).WithStorage(storage).Start();
        var add = host.Grain<IStatefulGrain>(Counter.Key).Add(1);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (storage.Failed < 2 && DateTime.UtcNow < until) await Task.Delay(10);
        storage.Failed.Should().BeGreaterThanOrEqualTo(2, "the activation is retrying its state read");

        await host.DisposeAsync(); // fails the test if stopping waits for the storage

        var queued = async () => await add.WithTimeout("the call queued behind the activation");
        await queued.Should().ThrowAsync<OperationCanceledException>("the activation gave up when the runtime stopped");
    }

    /// <summary>Throws a transient error for the first reads, then reads through.</summary>
    private sealed class UnreachableFor(IGrainStorage inner, int failures) : IGrainStorage
    {
        private int _failed;

        public int Failed => Volatile.Read(ref _failed);

        public Task<StoredGrainState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellation) =>
            Interlocked.Increment(ref _failed) <= failures
                ? Task.FromException<StoredGrainState?>(new TimeoutException("storage unreachable"))
                : Finish(inner.ReadAsync(stateName, grainId, cancellation));

        private Task<StoredGrainState?> Finish(Task<StoredGrainState?> read)
        {
            Interlocked.Decrement(ref _failed);
            return read;
        }

        public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellation) =>
            inner.WriteAsync(stateName, grainId, data, expectedEtag, cancellation);

        public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellation) =>
            inner.ClearAsync(stateName, grainId, expectedEtag, cancellation);
    }

    [Fact]
    public async Task State_written_on_deactivation_is_what_the_next_activation_reads()
    {
        var probe = new GrainProbe();
        await using var host = new TestRuntimeBuilder().AddTestGrains(probe).Start();
        var grain = host.Grain<IStatefulGrain>(Counter.Key);
        await grain.Add(5);

        await host.Runtime.DeactivateAsync(id => id == Counter, DeactivationReason.ApplicationRequested)
            .WithTimeout("counter-1: deactivation");

        (await grain.ValueAtActivation().WithTimeout("counter-1: call after deactivation")).Should().Be(5);
        probe.For(Counter.Key).Activations.Should().Be(2);
    }

    [Fact]
    public async Task A_state_write_that_fails_at_shutdown_is_counted_and_the_other_grains_still_stop()
    {
        var probe = new GrainProbe();
        var storage = new WritesFailFor("broken", new MemoryGrainStorage());
        var host = new TestRuntimeBuilder().AddTestGrains(probe).WithStorage(storage).Start();
        await host.Grain<IStatefulGrain>("broken").Add(1);
        await host.Grain<IStatefulGrain>("fine").Add(2);

        await host.Runtime.StopAsync().WithTimeout("the runtime to stop although one state write fails");

        host.Runtime.Instruments.DeactivationFailures.Should().Be(1);
        host.Runtime.Statistics.Activations.Should().Be(0, "the failed grain is retired all the same");
        var fine = await storage.ReadAsync(StatefulGrain.StateName, new GrainId(StatefulGrain.TypeName, "fine"), default);
        JsonSerializer.Deserialize<CounterState>(fine!.Data)!.Value.Should().Be(2);
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_stopping_runtime_writes_states_no_more_than_MaxConcurrentDeactivations_at_a_time()
    {
        var storage = new SlowWrites(new MemoryGrainStorage(), TimeSpan.FromMilliseconds(10));
        var host = new TestRuntimeBuilder().AddTestGrains(new GrainProbe())
            .Configure(o => o.MaxConcurrentDeactivations = 4).WithStorage(storage).Start();
        for (var i = 0; i < 40; i++) await host.Grain<IStatefulGrain>($"g{i}").Add(i);

        await host.Runtime.StopAsync().WithTimeout("40 grains to write their state, 4 at a time");

        storage.Written.Should().Be(40);
        storage.PeakConcurrentWrites.Should().BeInRange(1, 4);
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_stop_with_a_hung_store_waits_out_the_bulk_bound_not_each_wave_of_writes()
    {
        // Every write hangs until its token fires: 20 grains, 2 at a time, would take ten 5 s waves.
        var storage = new SlowWrites(new MemoryGrainStorage(), TimeSpan.FromSeconds(5));
        var host = new TestRuntimeBuilder().AddTestGrains(new GrainProbe())
            .Configure(o =>
            {
                o.MaxConcurrentDeactivations = 2;
                o.BulkDeactivationTimeout = TimeSpan.FromMilliseconds(300);
            })
            .WithStorage(storage).Start();
        for (var i = 0; i < 20; i++) await host.Grain<IStatefulGrain>($"g{i}").Add(i);

        var stopping = Stopwatch.StartNew();
        await host.Runtime.StopAsync().WithTimeout("the stop, bounded by Runtime:BulkDeactivationTimeout", TimeSpan.FromSeconds(20));

        stopping.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4), "the first wave is cut at 300 ms and the rest fail at once");
        host.Runtime.Instruments.DeactivationFailures.Should().Be(20, "no write finished, and each failure is counted");
        host.Runtime.Statistics.Activations.Should().Be(0, "every grain is retired all the same");
        await host.DisposeAsync();
    }

    /// <summary>Writes that take a while, counting how many overlap.</summary>
    private sealed class SlowWrites(IGrainStorage inner, TimeSpan delay) : IGrainStorage
    {
        private int _writing;
        private int _peak;
        private int _written;

        public int PeakConcurrentWrites => Volatile.Read(ref _peak);
        public int Written => Volatile.Read(ref _written);

        public Task<StoredGrainState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellation) =>
            inner.ReadAsync(stateName, grainId, cancellation);

        public async Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellation)
        {
            var now = Interlocked.Increment(ref _writing);
            int peak;
            while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak) { }
            try
            {
                await Task.Delay(delay, cancellation);
                return await inner.WriteAsync(stateName, grainId, data, expectedEtag, cancellation);
            }
            finally
            {
                Interlocked.Decrement(ref _writing);
                Interlocked.Increment(ref _written);
            }
        }

        public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellation) =>
            inner.ClearAsync(stateName, grainId, expectedEtag, cancellation);
    }

    /// <summary>Every write of one grain's state fails, as a store that rejects it would.</summary>
    private sealed class WritesFailFor(string key, IGrainStorage inner) : IGrainStorage
    {
        public Task<StoredGrainState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellation) =>
            inner.ReadAsync(stateName, grainId, cancellation);

        public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellation) =>
            grainId.Key == key
                ? Task.FromException<string>(new InvalidOperationException("write rejected"))
                : inner.WriteAsync(stateName, grainId, data, expectedEtag, cancellation);

        public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellation) =>
            inner.ClearAsync(stateName, grainId, expectedEtag, cancellation);
    }

    [Fact]
    public async Task Two_writers_on_one_record_the_second_gets_InconsistentStateException()
    {
        var storage = new MemoryGrainStorage();
        var first = NewState(storage);
        var second = NewState(storage);
        await first.ReadStateAsync();
        await second.ReadStateAsync();

        first.State.Value = 1;
        await first.WriteStateAsync();
        second.State.Value = 2;
        var lostUpdate = () => second.WriteStateAsync();

        var conflict = (await lostUpdate.Should().ThrowAsync<InconsistentStateException>()).Which;
        conflict.StoredEtag.Should().Be(first.Etag);
        conflict.ExpectedEtag.Should().BeNull("the second writer read before anything was stored");
        var stored = await storage.ReadAsync(StatefulGrain.StateName, Counter, default);
        JsonSerializer.Deserialize<CounterState>(stored!.Data)!.Value.Should().Be(1, "the first write must not be overwritten");
    }

    [Fact]
    public async Task A_writer_that_rereads_after_a_conflict_can_write()
    {
        var storage = new MemoryGrainStorage();
        var first = NewState(storage);
        var second = NewState(storage);
        await first.ReadStateAsync();
        await second.ReadStateAsync();
        await first.WriteStateAsync();
        await second.Invoking(s => s.WriteStateAsync()).Should().ThrowAsync<InconsistentStateException>();

        await second.ReadStateAsync();
        second.State.Value = 9;
        await second.WriteStateAsync();

        second.Etag.Should().NotBe(first.Etag);
        await first.Invoking(s => s.WriteStateAsync()).Should().ThrowAsync<InconsistentStateException>();
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_conflicts_and_a_fresh_clear_resets_the_state()
    {
        var storage = new MemoryGrainStorage();
        var first = NewState(storage);
        var second = NewState(storage);
        first.State.Value = 3;
        await first.WriteStateAsync();
        await second.ReadStateAsync();
        second.State.Value.Should().Be(3);
        await second.WriteStateAsync();

        await first.Invoking(s => s.ClearStateAsync()).Should().ThrowAsync<InconsistentStateException>();
        await second.ClearStateAsync();

        second.RecordExists.Should().BeFalse();
        second.State.Value.Should().Be(0);
        (await storage.ReadAsync(StatefulGrain.StateName, Counter, default)).Should().BeNull();
    }

    private static PersistentState<CounterState> NewState(IGrainStorage storage) =>
        new(StatefulGrain.StateName, Counter, storage, new StorageOptions());
}
