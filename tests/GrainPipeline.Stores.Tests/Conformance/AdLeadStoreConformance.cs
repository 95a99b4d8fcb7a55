using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>What every <see cref="IAdLeadStore"/> must do: upsert by (shop, client, click key).</summary>
public abstract class AdLeadStoreConformance : IAsyncLifetime
{
    protected IAdLeadStore Store { get; private set; } = null!;

    protected abstract Task<IAdLeadStore> CreateStoreAsync();

    /// <summary>Reads the stored lead back through the adapter's own means.</summary>
    protected abstract Task<AdLead?> ReadBackAsync(string shop, string clientId, string clickKey);

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    private static AdLead Lead(string shop, string clickKey, string? campaign) =>
        new(shop, "c1", clickKey, "google", "gclid", "abc", "google", "cpc", campaign, null, null, "https://s/p?gclid=abc", TestData.T0);

    [Fact]
    public async Task An_upsert_inserts_and_a_second_replaces_the_same_key()
    {
        var shop = TestData.Shop();
        await Store.UpsertAsync(Lead(shop, "gclid:abc", "launch"), default);
        (await ReadBackAsync(shop, "c1", "gclid:abc")).Should().Be(Lead(shop, "gclid:abc", "launch"));

        await Store.UpsertAsync(Lead(shop, "gclid:abc", null), default);
        (await ReadBackAsync(shop, "c1", "gclid:abc")).Should().Be(Lead(shop, "gclid:abc", null));
    }

    [Fact]
    public async Task Different_click_keys_are_different_leads()
    {
        var shop = TestData.Shop();
        await Store.UpsertAsync(Lead(shop, "gclid:a", "x"), default);
        await Store.UpsertAsync(Lead(shop, "gclid:b", "y"), default);
        (await ReadBackAsync(shop, "c1", "gclid:a"))!.UtmCampaign.Should().Be("x");
        (await ReadBackAsync(shop, "c1", "gclid:b"))!.UtmCampaign.Should().Be("y");
        (await ReadBackAsync(shop, "c1", "gclid:c")).Should().BeNull();
    }
}
