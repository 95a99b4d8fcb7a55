using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>What every <see cref="ICustomerStore"/> must do: fold activity commutatively.</summary>
public abstract class CustomerStoreConformance : IAsyncLifetime
{
    protected ICustomerStore Store { get; private set; } = null!;

    protected abstract Task<ICustomerStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    private static CustomerActivity[] Activities(string shop, string client) =>
    [
        new(shop, client, TestData.T0.AddHours(5), null, 1, 0, 0m),
        new(shop, client, TestData.T0, "a@example.com", 1, 1, 10.10m),
        new(shop, client, TestData.T0.AddHours(9), null, 1, 1, 0.20m),
        new(shop, client, TestData.T0.AddHours(1), null, 2, 0, 0m),
    ];

    [Fact]
    public async Task Folding_is_commutative()
    {
        var shop = TestData.Shop();
        foreach (var a in Activities(shop, "in-order")) await Store.RecordAsync(a, default);
        foreach (var a in Activities(shop, "reversed").Reverse()) await Store.RecordAsync(a, default);

        var expected = new CustomerProfile(shop, "in-order", TestData.T0, TestData.T0.AddHours(9), "a@example.com", 5, 2, 10.30m);
        (await Store.GetAsync(shop, "in-order", default)).Should().Be(expected);
        (await Store.GetAsync(shop, "reversed", default)).Should().Be(expected with { ClientId = "reversed" });
    }

    [Fact]
    public async Task Concurrent_activity_of_one_customer_all_counts()
    {
        var shop = TestData.Shop();
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            Store.RecordAsync(new CustomerActivity(shop, "busy", TestData.T0.AddSeconds(i), null, 1, i % 3 == 0 ? 1 : 0, 0.01m), default)));
        var profile = await Store.GetAsync(shop, "busy", default);
        profile!.Events.Should().Be(300);
        profile.Orders.Should().Be(100);
        profile.Revenue.Should().Be(3.00m);
        profile.FirstSeen.Should().Be(TestData.T0);
        profile.LastSeen.Should().Be(TestData.T0.AddSeconds(299));
    }

    [Fact]
    public async Task Activity_folded_before_it_is_recorded_leaves_the_profile_the_events_would_one_by_one()
    {
        var shop = TestData.Shop();
        var folded = Activities(shop, "folded").Aggregate((earlier, later) => earlier.Then(later));
        folded.SeenAt.Should().Be(TestData.T0);
        folded.LastSeenAt.Should().Be(TestData.T0.AddHours(9));
        await Store.RecordAsync(folded, default);
        foreach (var a in Activities(shop, "one-by-one")) await Store.RecordAsync(a, default);

        var expected = new CustomerProfile(shop, "folded", TestData.T0, TestData.T0.AddHours(9), "a@example.com", 5, 2, 10.30m);
        (await Store.GetAsync(shop, "folded", default)).Should().Be(expected);
        (await Store.GetAsync(shop, "one-by-one", default)).Should().Be(expected with { ClientId = "one-by-one" });
        await Store.RecordAsync(new CustomerActivity(shop, "folded", TestData.T0.AddHours(3), null, 1, 0, 0m), default);
        (await Store.GetAsync(shop, "folded", default)).Should().Be(expected with { Events = 6 }, "an activity inside the folded span moves neither end");
    }

    [Fact]
    public async Task An_unknown_customer_has_no_profile() =>
        (await Store.GetAsync(TestData.Shop(), "nobody", default)).Should().BeNull();
}
