using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Tests;

/// <summary>
/// A visitor's events that queue up behind a turn are taken in one: their stage-1 writes go out as
/// one store call, their stages 4 and 5 as one background item, yet the stages still see the events
/// in order, and each event ends with its own outcome.
/// </summary>
public class UserGrainTurnTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private const string ProductView = """{"productVariant":{"product":{"id":"9"}}}""";

    [Fact]
    public async Task Events_queued_behind_a_turn_are_indexed_by_one_store_call_and_still_run_their_stages_in_order()
    {
        GatedEventStore? gated = null;
        await using var harness = new UserGrainHarness(eventStore: inner => gated = new GatedEventStore(inner));
        var first = harness.Send(done => TestEvents.Pixel(EventNames.PageViewed, T0, onDone: done));
        await gated!.WaitUntilStarted(1, "the first event's write");
        var queued = new[]
        {
            harness.Send(done => TestEvents.Pixel(EventNames.PageViewed, T0.AddMinutes(1), href: "https://s/p?gclid=before", onDone: done)),
            harness.Send(done => TestEvents.Pixel(EventNames.CheckoutCompleted, T0.AddMinutes(2), TestEvents.CompletedCheckout("601", 30m, ("9", 1, 30m)), onDone: done)),
            harness.Send(done => TestEvents.Pixel(EventNames.PageViewed, T0.AddMinutes(3), href: "https://s/p?gclid=after", onDone: done)),
        };

        gated.Let(10);
        await Task.WhenAll(queued.Append(first)).WaitAsync(TimeSpan.FromSeconds(10));

        gated.Sizes.Should().Equal(1, 3);
        harness.Events.Count.Should().Be(4);
        harness.Runtime.Instruments.JoinedCalls.Should().Be(2);
        var lastClick = harness.Attributions.All.Single(a => a.Model == AttributionModels.LastClick);
        lastClick.ClickId.Should().Be("before", "the click after the checkout came later in the same turn");
    }

    [Fact]
    public async Task An_event_repeated_within_one_turn_is_found_in_the_grains_memory_not_written_twice()
    {
        GatedEventStore? gated = null;
        await using var harness = new UserGrainHarness(eventStore: inner => gated = new GatedEventStore(inner));
        var first = harness.Send(done => TestEvents.Pixel(EventNames.PageViewed, T0, onDone: done));
        await gated!.WaitUntilStarted(1, "the first event's write");
        var queued = new[]
        {
            harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0, ProductView, onDone: done, id: "sh-twice")),
            harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0, ProductView, onDone: done, id: "sh-twice")),
            harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0, ProductView, onDone: done)),
        };

        gated.Let(10);
        await Task.WhenAll(queued.Append(first)).WaitAsync(TimeSpan.FromSeconds(10));

        gated.Sizes.Should().Equal([1, 1, 1], "the repeat ended the first run, and was then skipped before its write");
        harness.Counters.Duplicates.Should().Be(1);
        harness.Events.Count.Should().Be(3);
        var batch = await harness.Buffer.TakeBatchAsync(0, 100, default);
        batch.Cells.Should().ContainSingle().Which.Views.Should().Be(2);
    }

    [Fact]
    public async Task An_event_that_fails_in_a_shared_turn_fails_alone()
    {
        GatedEventStore? gated = null;
        await using var harness = new UserGrainHarness(new StageOptions { MaxAttempts = 1 },
            eventStore: inner => gated = new GatedEventStore(inner, e => e.EventId == "sh-bad" ? new InvalidOperationException("bad row") : null));
        var bad = await RunTurnWithBadViewAsync(harness, gated!);
        await bad.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<StageFailedException>().WithMessage("*index*");

        harness.Runtime.Instruments.JoinedCalls.Should().Be(2);
        gated!.Sizes.Should().Equal([1, 3, 1, 1, 1], "the failed call was followed by one write per event");
        harness.Events.Count.Should().Be(3);
        var batch = await harness.Buffer.TakeBatchAsync(0, 100, default);
        batch.Cells.Should().ContainSingle().Which.Views.Should().Be(2);
    }

    [Fact]
    public async Task The_background_stages_of_a_shared_turn_fold_into_one_customer_write_and_one_stats_call()
    {
        GatedEventStore? gated = null;
        await using var harness = new UserGrainHarness(eventStore: inner => gated = new GatedEventStore(inner));
        var first = harness.Send(done => TestEvents.Pixel(EventNames.PageViewed, T0, onDone: done));
        await gated!.WaitUntilStarted(1, "the first event's write");
        var queued = new[]
        {
            harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0.AddMinutes(1), ProductView, onDone: done)),
            harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0.AddMinutes(2), ProductView, onDone: done)),
            harness.Send(done => TestEvents.Pixel(EventNames.CheckoutCompleted, T0.AddMinutes(3), TestEvents.CompletedCheckout("601", 30m, ("9", 1, 30m)), onDone: done)),
            harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0.AddDays(8), ProductView, onDone: done)),
        };

        gated.Let(10);
        await Task.WhenAll(queued.Append(first)).WaitAsync(TimeSpan.FromSeconds(10));

        gated.Sizes.Should().Equal(1, 4);
        harness.Counters.Stages.Store(StoreNames.Customers).Calls.Should().Be(2, "one profile write per turn");
        harness.Counters.Stages.Store(StoreNames.StatsBuffer).Calls.Should().Be(1, "the page view has no stats; the shared turn's three events go in one call");
        harness.Visitors.Adds.Should().Be(2, "once for each week the visitor was seen in");
        var profile = await harness.Customers.GetAsync(TestEvents.Shop, TestEvents.Client, default);
        profile.Should().BeEquivalentTo(new { Events = 5L, Orders = 1L, Revenue = 30m, FirstSeen = T0, LastSeen = T0.AddDays(8) });
        var cells = (await harness.Buffer.TakeBatchAsync(0, 100, default)).Cells;
        cells.Sum(c => c.Views).Should().Be(3);
        cells.Sum(c => c.Purchases).Should().Be(1);
    }

    [Fact]
    public async Task A_failed_background_item_fails_each_event_of_the_turn_and_their_redelivery_runs_again()
    {
        GatedEventStore? gated = null;
        UserGrainTests.FailingIncrements? failing = null;
        await using var harness = new UserGrainHarness(new StageOptions { MaxAttempts = 1 },
            stage5Buffer: b => failing = new UserGrainTests.FailingIncrements(b), eventStore: inner => gated = new GatedEventStore(inner));
        var first = harness.Send(done => TestEvents.Pixel(EventNames.PageViewed, T0, onDone: done));
        await gated!.WaitUntilStarted(1, "the first event's write");
        PipelineEvent View(Action<PipelineEvent, Exception?> done, string id) => TestEvents.Pixel(EventNames.ProductViewed, T0, ProductView, onDone: done, id: id);
        var queued = new[] { harness.Send(done => View(done, "sh-a")), harness.Send(done => View(done, "sh-b")) };

        gated.Let(10);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var call in queued)
            await call.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<StageFailedException>().WithMessage("*product-stats*");

        failing!.Failing = false;
        await harness.ProcessAsync(done => View(done, "sh-a"));
        await harness.ProcessAsync(done => View(done, "sh-b"));
        (await harness.Buffer.TakeBatchAsync(0, 100, default)).Cells.Should().ContainSingle()
            .Which.Views.Should().Be(2, "the failed events were forgotten, so their redelivery ran stage 5 instead of being skipped as seen");
    }

    [Fact]
    public async Task One_events_bad_customer_data_fails_that_event_alone_and_the_shared_stats_are_not_repeated()
    {
        GatedEventStore? gated = null;
        await using var harness = new UserGrainHarness(new StageOptions { MaxAttempts = 1 },
            eventStore: inner => gated = new GatedEventStore(inner), customerStore: inner => new RefusingCustomers(inner, RefusedRevenue));
        var first = harness.Send(done => TestEvents.Pixel(EventNames.PageViewed, T0, onDone: done));
        await gated!.WaitUntilStarted(1, "the first event's write");
        var before = harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0.AddMinutes(1), ProductView, onDone: done));
        var bad = harness.Send(done => TestEvents.Pixel(EventNames.CheckoutCompleted, T0.AddMinutes(2), TestEvents.CompletedCheckout("602", RefusedRevenue, ("9", 1, RefusedRevenue)), onDone: done));
        var after = harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0.AddMinutes(3), ProductView, onDone: done));

        gated.Let(10);
        await Task.WhenAll(first, before, after).WaitAsync(TimeSpan.FromSeconds(10));
        await bad.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<StageFailedException>().WithMessage("*customer*");

        harness.Runtime.Instruments.JoinedCalls.Should().Be(2);
        var profile = await harness.Customers.GetAsync(TestEvents.Shop, TestEvents.Client, default);
        profile.Should().BeEquivalentTo(new { Events = 3L, Orders = 0L, Revenue = 0m, LastSeen = T0.AddMinutes(3) }, "the two good events folded again one at a time");
        harness.Counters.Stages.Store(StoreNames.StatsBuffer).Calls.Should().Be(1, "the stats call succeeded, so only the profile was written again");
        var cells = (await harness.Buffer.TakeBatchAsync(0, 100, default)).Cells;
        cells.Sum(c => c.Views).Should().Be(2);
        cells.Sum(c => c.Purchases).Should().Be(1, "the bad event's stats went in with the others'; its redelivery will not add them twice");
    }

    [Fact]
    public async Task One_events_bad_stats_fail_that_event_alone_and_the_shared_profile_is_not_folded_twice()
    {
        GatedEventStore? gated = null;
        await using var harness = new UserGrainHarness(new StageOptions { MaxAttempts = 1 },
            eventStore: inner => gated = new GatedEventStore(inner),
            stage5Buffer: inner => new UserGrainTests.FailingIncrements(inner) { FailingEvent = "sh-bad" });
        var bad = await RunTurnWithBadViewAsync(harness, gated!);
        await bad.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<StageFailedException>().WithMessage("*product-stats*");

        (await harness.Customers.GetAsync(TestEvents.Shop, TestEvents.Client, default))!.Events.Should().Be(4, "the profile write succeeded once, and was not made again");
        (await harness.Buffer.TakeBatchAsync(0, 100, default)).Cells.Should().ContainSingle().Which.Views.Should().Be(2);
        harness.Counters.Stages.Store(StoreNames.StatsBuffer).Calls.Should().Be(1 + 3, "the shared call, then one per event of the turn");
    }

    /// <summary>
    /// A page view holds the visitor's turn while three product views queue behind it, the middle one
    /// "sh-bad"; waits until the other three succeeded, and returns the bad one's call.
    /// </summary>
    private static async Task<Task> RunTurnWithBadViewAsync(UserGrainHarness harness, GatedEventStore gated)
    {
        var first = harness.Send(done => TestEvents.Pixel(EventNames.PageViewed, T0, onDone: done));
        await gated.WaitUntilStarted(1, "the first event's write");
        var before = harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0, ProductView, onDone: done));
        var bad = harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0, ProductView, onDone: done, id: "sh-bad"));
        var after = harness.Send(done => TestEvents.Pixel(EventNames.ProductViewed, T0, ProductView, onDone: done));

        gated.Let(10);
        await Task.WhenAll(first, before, after).WaitAsync(TimeSpan.FromSeconds(10));
        return bad;
    }

    private const decimal RefusedRevenue = 666m;

    /// <summary>A customer store whose data check refuses any activity with the given revenue (not an outage).</summary>
    private sealed class RefusingCustomers(Stores.Abstractions.ICustomerStore inner, decimal refused) : Stores.Abstractions.ICustomerStore
    {
        public Task RecordAsync(CustomerActivity activity, CancellationToken cancellation) =>
            activity.Revenue == refused
                ? Task.FromException(new InvalidOperationException($"revenue {refused} refused"))
                : inner.RecordAsync(activity, cancellation);

        public Task<CustomerProfile?> GetAsync(string shop, string clientId, CancellationToken cancellation) => inner.GetAsync(shop, clientId, cancellation);
    }
}
