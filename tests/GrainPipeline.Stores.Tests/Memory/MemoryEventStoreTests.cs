using FluentAssertions;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Memory;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Tests.Conformance;

namespace GrainPipeline.Stores.Tests.Memory;

public sealed class MemoryEventStoreTests : EventStoreConformance
{
    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(new MemoryEventStore());

    /// <summary>Ids held as GUIDs and ids held as strings must never be taken for one another.</summary>
    [Fact]
    public async Task Ids_that_differ_only_in_prefix_case_or_shape_are_different_events()
    {
        var store = new MemoryEventStore();
        const string Guid = "a37bea26-4203-4ffa-b1a3-f7b95c07e760";
        string[] ids =
        [
            "sh-" + Guid, Guid, "wh-" + Guid, "sh-" + Guid.ToUpperInvariant(), "SH-" + Guid, "sh-" + Guid + " ",
            "x", "sh-not-a-guid", "a-very-long-prefix-that-is-not-short-" + Guid, "{" + Guid + "}",
        ];
        foreach (var id in ids) (await store.TryAppendAsync(Event(id), CancellationToken.None)).Should().BeTrue(id);
        foreach (var id in ids) (await store.TryAppendAsync(Event(id), CancellationToken.None)).Should().BeFalse(id);
        store.Count.Should().Be(ids.Length);

        var sequences = await store.FindWriteSequencesAsync([.. ids, "sh-b37bea26-4203-4ffa-b1a3-f7b95c07e760"], CancellationToken.None);
        sequences.Keys.Should().BeEquivalentTo(ids, "an id never written has no sequence");
        sequences.Values.Should().OnlyHaveUniqueItems().And.BeInAscendingOrder().And.Equal(ids.Select(id => sequences[id]));
    }

    [Fact]
    public async Task Many_prefixes_past_the_table_still_deduplicate_exactly()
    {
        var store = new MemoryEventStore();
        var ids = Enumerable.Range(0, 600).Select(i => $"p{i}-{System.Guid.NewGuid():D}").ToList();
        foreach (var id in ids) (await store.TryAppendAsync(Event(id), CancellationToken.None)).Should().BeTrue();
        foreach (var id in ids) (await store.TryAppendAsync(Event(id), CancellationToken.None)).Should().BeFalse();
        (await store.FindWriteSequencesAsync(ids, CancellationToken.None)).Should().HaveCount(600);
    }

    private static StoredEvent Event(string id) => new(id, "shop", "client", "page_viewed", DateTimeOffset.UnixEpoch, 0, 0, ReadOnlyMemory<byte>.Empty);
}
