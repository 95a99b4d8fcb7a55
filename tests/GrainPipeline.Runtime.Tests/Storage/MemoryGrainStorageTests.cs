using System.Text;
using GrainPipeline.Runtime.Storage;

namespace GrainPipeline.Runtime.Tests.Storage;

/// <summary>The ETag rules of the in-memory store: every write and clear names the version it saw.</summary>
public sealed class MemoryGrainStorageTests
{
    private static readonly GrainId Grain = new("stateful", "etag");
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("{}");
    private readonly MemoryGrainStorage _storage = new();

    [Fact]
    public async Task Insert_with_a_null_etag_creates_the_record_and_returns_its_etag()
    {
        var etag = await _storage.WriteAsync("s", Grain, Data, null, default);

        var stored = await _storage.ReadAsync("s", Grain, default);
        stored.Should().NotBeNull();
        stored!.Etag.Should().Be(etag);
        stored.Data.Should().Equal(Data);
    }

    [Fact]
    public async Task Insert_with_a_null_etag_over_an_existing_record_conflicts()
    {
        var etag = await _storage.WriteAsync("s", Grain, Data, null, default);

        var insertAgain = () => _storage.WriteAsync("s", Grain, Data, null, default);

        (await insertAgain.Should().ThrowAsync<InconsistentStateException>())
            .Which.StoredEtag.Should().Be(etag);
    }

    [Fact]
    public async Task Update_with_the_current_etag_succeeds_and_changes_the_etag()
    {
        var first = await _storage.WriteAsync("s", Grain, Data, null, default);

        var second = await _storage.WriteAsync("s", Grain, Data, first, default);

        second.Should().NotBe(first);
        (await _storage.ReadAsync("s", Grain, default))!.Etag.Should().Be(second);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_conflicts_and_keeps_the_stored_record()
    {
        var first = await _storage.WriteAsync("s", Grain, Data, null, default);
        var second = await _storage.WriteAsync("s", Grain, Data, first, default);

        var stale = () => _storage.WriteAsync("s", Grain, Encoding.UTF8.GetBytes("{\"x\":1}"), first, default);

        var conflict = (await stale.Should().ThrowAsync<InconsistentStateException>()).Which;
        conflict.StoredEtag.Should().Be(second);
        conflict.ExpectedEtag.Should().Be(first);
        (await _storage.ReadAsync("s", Grain, default))!.Data.Should().Equal(Data);
    }

    [Fact]
    public async Task Update_of_a_missing_record_conflicts()
    {
        var update = () => _storage.WriteAsync("s", Grain, Data, "7", default);

        (await update.Should().ThrowAsync<InconsistentStateException>()).Which.StoredEtag.Should().BeNull();
    }

    [Fact]
    public async Task Clear_with_the_current_etag_removes_the_record()
    {
        var etag = await _storage.WriteAsync("s", Grain, Data, null, default);

        await _storage.ClearAsync("s", Grain, etag, default);

        (await _storage.ReadAsync("s", Grain, default)).Should().BeNull();
    }

    [Fact]
    public async Task Clear_with_a_stale_or_missing_etag_conflicts_and_keeps_the_record()
    {
        var first = await _storage.WriteAsync("s", Grain, Data, null, default);
        var second = await _storage.WriteAsync("s", Grain, Data, first, default);

        var stale = () => _storage.ClearAsync("s", Grain, first, default);
        var blind = () => _storage.ClearAsync("s", Grain, null, default);

        await stale.Should().ThrowAsync<InconsistentStateException>();
        await blind.Should().ThrowAsync<InconsistentStateException>();
        (await _storage.ReadAsync("s", Grain, default))!.Etag.Should().Be(second);
    }

    [Fact]
    public async Task Clear_of_a_missing_record_succeeds_only_without_an_etag()
    {
        await _storage.ClearAsync("s", Grain, null, default);

        var withEtag = () => _storage.ClearAsync("s", Grain, "3", default);
        await withEtag.Should().ThrowAsync<InconsistentStateException>();
    }

    [Fact]
    public async Task Records_are_separate_per_state_name_and_grain()
    {
        await _storage.WriteAsync("a", Grain, Data, null, default);

        (await _storage.ReadAsync("b", Grain, default)).Should().BeNull();
        (await _storage.ReadAsync("a", Grain with { Key = "other" }, default)).Should().BeNull();
        await _storage.WriteAsync("b", Grain, Data, null, default);
        _storage.Count.Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_let_exactly_one_win()
    {
        var etag = await _storage.WriteAsync("s", Grain, Data, null, default);

        var writers = Enumerable.Range(0, 32)
            .Select(_ => Task.Run(async () =>
            {
                try
                {
                    await _storage.WriteAsync("s", Grain, Data, etag, default);
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            }))
            .ToList();
        var results = await Task.WhenAll(writers);

        results.Count(won => won).Should().Be(1);
    }
}
