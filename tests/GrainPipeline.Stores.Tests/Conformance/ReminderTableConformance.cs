using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>What every <see cref="IReminderTable"/> must do: upsert by key, remove, and read in key-ordered pages.</summary>
public abstract class ReminderTableConformance : IAsyncLifetime
{
    protected IReminderTable Table { get; private set; } = null!;

    protected abstract Task<IReminderTable> CreateTableAsync();

    protected virtual Task DisposeTableAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Table = await CreateTableAsync();

    public Task DisposeAsync() => DisposeTableAsync();

    private static ReminderEntry Entry(string key, string name = "flush", int minutes = 0) =>
        new(new GrainId("product-stats-flusher", key), name, TestData.T0.AddMinutes(minutes).AddTicks(1230), TimeSpan.FromSeconds(10));

    private async Task<List<ReminderEntry>> ReadAllAsync(int pageSize)
    {
        var all = new List<ReminderEntry>();
        string? after = null;
        while (true)
        {
            var page = await Table.ReadPageAsync(after, pageSize, default);
            page.Count.Should().BeLessThanOrEqualTo(pageSize);
            all.AddRange(page);
            if (page.Count < pageSize) return all;
            after = page[^1].Key;
        }
    }

    [Fact]
    public async Task Rows_are_read_in_key_order_in_pages()
    {
        var keys = Enumerable.Range(0, 25).Select(i => $"{(i * 7) % 25:00}").ToList();
        foreach (var key in keys) await Table.UpsertAsync(Entry(key), default);

        var first = await Table.ReadPageAsync(null, 10, default);
        first.Select(e => e.GrainId.Key).Should().Equal(Enumerable.Range(0, 10).Select(i => $"{i:00}"));
        var second = await Table.ReadPageAsync(first[^1].Key, 10, default);
        second.Select(e => e.GrainId.Key).Should().Equal(Enumerable.Range(10, 10).Select(i => $"{i:00}"));
        var third = await Table.ReadPageAsync(second[^1].Key, 10, default);
        third.Should().HaveCount(5);
        (await Table.ReadPageAsync(third[^1].Key, 10, default)).Should().BeEmpty();
        (await ReadAllAsync(7)).Select(e => e.Key).Should().BeInAscendingOrder(StringComparer.Ordinal).And.HaveCount(25);
    }

    [Fact]
    public async Task An_upsert_replaces_the_row_with_the_same_key()
    {
        await Table.UpsertAsync(Entry("1", minutes: 0), default);
        await Table.UpsertAsync(Entry("1", minutes: 5), default);
        await Table.UpsertAsync(Entry("1", name: "other"), default);
        var all = await ReadAllAsync(100);
        all.Should().HaveCount(2);
        all.Single(e => e.Name == "flush").StartAt.Should().Be(Entry("1", minutes: 5).StartAt);
    }

    [Fact]
    public async Task Rows_round_trip_their_times()
    {
        var entry = new ReminderEntry(new GrainId("t", "k:1"), "r", new DateTimeOffset(2026, 11, 2, 10, 0, 0, 123, 456, TimeSpan.FromHours(2)), TimeSpan.FromMinutes(90));
        await Table.UpsertAsync(entry, default);
        var read = (await Table.ReadPageAsync(null, 10, default)).Single();
        read.Should().Be(entry);
    }

    [Fact]
    public async Task Remove_deletes_one_row_once()
    {
        await Table.UpsertAsync(Entry("1"), default);
        await Table.UpsertAsync(Entry("2"), default);
        (await Table.RemoveAsync(Entry("1").GrainId, "flush", default)).Should().BeTrue();
        (await Table.RemoveAsync(Entry("1").GrainId, "flush", default)).Should().BeFalse();
        (await ReadAllAsync(10)).Select(e => e.GrainId.Key).Should().Equal("2");
    }
}
