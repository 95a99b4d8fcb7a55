using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Storage;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>The ETag rules every <see cref="IGrainStorage"/> must keep (those of the memory storage).</summary>
public abstract class GrainStorageConformance : IAsyncLifetime
{
    private const string State = "user";

    protected IGrainStorage Storage { get; private set; } = null!;

    protected abstract Task<IGrainStorage> CreateStorageAsync();

    protected virtual Task DisposeStorageAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Storage = await CreateStorageAsync();

    public Task DisposeAsync() => DisposeStorageAsync();

    private static GrainId NewGrain() => new("user", $"shop.myshopify.com:{Guid.NewGuid():N}");

    private static byte[] Json(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Nothing_stored_reads_as_null()
        => (await Storage.ReadAsync(State, NewGrain(), default)).Should().BeNull();

    [Fact]
    public async Task A_write_with_no_etag_creates_and_a_read_returns_data_and_etag()
    {
        var grain = NewGrain();
        byte[] data = [.. Json("""{"seen":["a","b"]}"""), 0, 255];
        var etag = await Storage.WriteAsync(State, grain, data, null, default);
        etag.Should().NotBeNullOrEmpty();
        var stored = await Storage.ReadAsync(State, grain, default);
        stored!.Data.Should().Equal(data);
        stored.Etag.Should().Be(etag);
    }

    [Fact]
    public async Task A_write_with_the_current_etag_succeeds_and_retires_that_etag()
    {
        var grain = NewGrain();
        var first = await Storage.WriteAsync(State, grain, Json("1"), null, default);
        var second = await Storage.WriteAsync(State, grain, Json("2"), first, default);
        second.Should().NotBe(first);
        (await Storage.ReadAsync(State, grain, default))!.Data.Should().Equal(Json("2"));

        var stale = async () => await Storage.WriteAsync(State, grain, Json("3"), first, default);
        var conflict = (await stale.Should().ThrowAsync<InconsistentStateException>()).Which;
        conflict.StoredEtag.Should().Be(second);
        conflict.ExpectedEtag.Should().Be(first);
        (await Storage.ReadAsync(State, grain, default))!.Data.Should().Equal(Json("2"), "a conflicting write changes nothing");
    }

    [Fact]
    public async Task Creating_over_an_existing_state_or_updating_a_missing_one_conflicts()
    {
        var grain = NewGrain();
        var etag = await Storage.WriteAsync(State, grain, Json("1"), null, default);
        var create = async () => await Storage.WriteAsync(State, grain, Json("x"), null, default);
        (await create.Should().ThrowAsync<InconsistentStateException>()).Which.StoredEtag.Should().Be(etag);

        var update = async () => await Storage.WriteAsync(State, NewGrain(), Json("x"), etag, default);
        (await update.Should().ThrowAsync<InconsistentStateException>()).Which.StoredEtag.Should().BeNull();
    }

    [Fact]
    public async Task Clear_follows_the_same_etag_rule()
    {
        var grain = NewGrain();
        await Storage.ClearAsync(State, grain, null, default); // nothing there, nothing expected: fine

        var etag = await Storage.WriteAsync(State, grain, Json("1"), null, default);
        var noEtag = async () => await Storage.ClearAsync(State, grain, null, default);
        await noEtag.Should().ThrowAsync<InconsistentStateException>();
        var wrong = async () => await Storage.ClearAsync(State, grain, etag + "0", default);
        await wrong.Should().ThrowAsync<InconsistentStateException>();

        await Storage.ClearAsync(State, grain, etag, default);
        (await Storage.ReadAsync(State, grain, default)).Should().BeNull();
        var again = async () => await Storage.ClearAsync(State, grain, etag, default);
        await again.Should().ThrowAsync<InconsistentStateException>("the state is gone");
    }

    [Fact]
    public async Task A_state_cleared_and_created_again_never_reuses_an_old_etag()
    {
        var grain = NewGrain();
        var old = await Storage.WriteAsync(State, grain, Json("1"), null, default);
        await Storage.ClearAsync(State, grain, old, default);
        var fresh = await Storage.WriteAsync(State, grain, Json("2"), null, default);
        fresh.Should().NotBe(old);
        var stale = async () => await Storage.WriteAsync(State, grain, Json("3"), old, default);
        await stale.Should().ThrowAsync<InconsistentStateException>();
    }

    [Fact]
    public async Task Of_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var grain = NewGrain();
        var etag = await Storage.WriteAsync(State, grain, Json("0"), null, default);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            try
            {
                await Storage.WriteAsync(State, grain, Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), etag, default);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));
        attempts.Count(won => won).Should().Be(1);
    }

    [Fact]
    public async Task States_of_one_grain_and_grains_of_one_type_are_separate()
    {
        var grain = NewGrain();
        await Storage.WriteAsync("a", grain, Json("A"), null, default);
        await Storage.WriteAsync("b", grain, Json("B"), null, default);
        await Storage.WriteAsync("a", grain with { Key = grain.Key + "/x" }, Json("X"), null, default);
        (await Storage.ReadAsync("a", grain, default))!.Data.Should().Equal(Json("A"));
        (await Storage.ReadAsync("b", grain, default))!.Data.Should().Equal(Json("B"));
    }
}
