using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>What every <see cref="IEventStore"/> must do; one derived class per adapter.</summary>
public abstract class EventStoreConformance : IAsyncLifetime
{
    protected IEventStore Store { get; private set; } = null!;

    protected abstract Task<IEventStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    [Fact]
    public async Task Appending_is_idempotent_by_event_id()
    {
        var id = $"e-{Guid.NewGuid():N}";
        (await Store.TryAppendAsync(TestData.Event(id), default)).Should().BeTrue("the id is new");
        (await Store.TryAppendAsync(TestData.Event(id, offset: 99), default)).Should().BeFalse("a replay of the same id");
        (await Store.FindWriteSequencesAsync([id], default)).Should().ContainKey(id);
    }

    [Fact]
    public async Task Concurrent_appends_of_one_id_store_it_once()
    {
        var id = $"e-{Guid.NewGuid():N}";
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Store.TryAppendAsync(TestData.Event(id), default)));
        results.Count(r => r).Should().Be(1);
    }

    [Fact]
    public async Task Write_sequences_increase_in_write_order_for_every_user()
    {
        const int Users = 40;
        const int EventsPerUser = 10;
        var prefix = Guid.NewGuid().ToString("N");
        // Users write concurrently; each user's events one after another, as a grain does.
        await Task.WhenAll(Enumerable.Range(0, Users).Select(async user =>
        {
            for (var i = 0; i < EventsPerUser; i++)
                (await Store.TryAppendAsync(TestData.Event($"{prefix}-u{user}-{i}", client: $"u{user}", offset: i), default)).Should().BeTrue();
        }));

        var ids = Enumerable.Range(0, Users).SelectMany(u => Enumerable.Range(0, EventsPerUser).Select(i => $"{prefix}-u{u}-{i}")).ToList();
        var sequences = await Store.FindWriteSequencesAsync(ids, default);
        sequences.Should().HaveCount(ids.Count);
        for (var user = 0; user < Users; user++)
        {
            var ofUser = Enumerable.Range(0, EventsPerUser).Select(i => sequences[$"{prefix}-u{user}-{i}"]).ToList();
            ofUser.Should().BeInAscendingOrder($"user {user}'s events were written in order").And.OnlyHaveUniqueItems();
        }
    }

    [Fact]
    public async Task Events_appended_together_are_written_in_the_order_given_each_new_once()
    {
        var prefix = Guid.NewGuid().ToString("N");
        (await Store.TryAppendAsync(TestData.Event($"{prefix}-b"), default)).Should().BeTrue();
        // Ids not in sorted order, one already stored, one repeated within the call.
        var ids = new[] { $"{prefix}-z", $"{prefix}-b", $"{prefix}-m", $"{prefix}-a", $"{prefix}-m" };
        var isNew = await Store.TryAppendAllAsync(ids.Select((id, i) => TestData.Event(id, offset: i)).ToList(), default);

        isNew.Should().Equal(true, false, true, true, false);
        var sequences = await Store.FindWriteSequencesAsync(ids, default);
        new[] { sequences[$"{prefix}-z"], sequences[$"{prefix}-m"], sequences[$"{prefix}-a"] }.Should().BeInAscendingOrder("they were given in this order");
        sequences[$"{prefix}-b"].Should().BeLessThan(sequences[$"{prefix}-z"]);
    }

    [Fact]
    public async Task Users_appending_runs_concurrently_keep_their_own_order()
    {
        const int Users = 40;
        const int Runs = 4;
        const int PerRun = 5;
        var prefix = Guid.NewGuid().ToString("N");
        string Id(int user, int n) => $"{prefix}-u{user}-{n:D2}";
        // Each user's runs one after another, as a grain sends the events that shared its turns.
        await Task.WhenAll(Enumerable.Range(0, Users).Select(async user =>
        {
            for (var run = 0; run < Runs; run++)
            {
                var events = Enumerable.Range(run * PerRun, PerRun).Reverse().Select(n => TestData.Event(Id(user, n), client: $"u{user}", offset: n)).ToList();
                (await Store.TryAppendAllAsync(events, default)).Should().OnlyContain(isNew => isNew);
            }
        }));

        var ids = Enumerable.Range(0, Users).SelectMany(u => Enumerable.Range(0, Runs * PerRun).Select(n => Id(u, n))).ToList();
        var sequences = await Store.FindWriteSequencesAsync(ids, default);
        for (var user = 0; user < Users; user++)
        {
            // Within a run the ids were given in descending order, and runs in ascending order.
            var written = Enumerable.Range(0, Runs).SelectMany(run => Enumerable.Range(run * PerRun, PerRun).Reverse()).Select(n => sequences[Id(user, n)]).ToList();
            written.Should().BeInAscendingOrder($"user {user}'s events were given in this order").And.OnlyHaveUniqueItems();
        }
    }

    [Fact]
    public async Task Unknown_ids_are_absent_from_the_lookup()
    {
        var id = $"e-{Guid.NewGuid():N}";
        await Store.TryAppendAsync(TestData.Event(id), default);
        var found = await Store.FindWriteSequencesAsync([id, "never-written", $"x-{Guid.NewGuid():N}"], default);
        found.Keys.Should().Equal(id);
        (await Store.FindWriteSequencesAsync([], default)).Should().BeEmpty();
    }
}
