using GrainPipeline.Runtime;
using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Grains.Tests;

public class UserGrainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_checkout_is_attributed_to_the_last_click_within_the_window_and_to_the_first_click()
    {
        await using var harness = new UserGrainHarness();
        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0, href: "https://s/p?fbclid=first&utm_campaign=launch", onDone: done));
        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0.AddDays(2), href: "https://s/p?gclid=last&utm_campaign=retarget", onDone: done));
        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.CheckoutCompleted, T0.AddDays(3), TestEvents.CompletedCheckout("501", 80m, ("7", 1, 80m)), onDone: done));

        var rows = harness.Attributions.All.ToDictionary(a => a.Model);
        rows[AttributionModels.LastClick].Should().Match<Attribution>(a => a.Platform == "google" && a.ClickId == "last" && a.Campaign == "retarget" && a.OrderId == "501" && a.Revenue == 80m);
        rows[AttributionModels.FirstClick].Should().Match<Attribution>(a => a.Platform == "meta" && a.ClickId == "first");
        harness.AdLeads.Count.Should().Be(2);
    }

    [Fact]
    public async Task A_click_older_than_the_window_leaves_the_order_direct()
    {
        await using var harness = new UserGrainHarness();
        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0, href: "https://s/p?gclid=old", onDone: done));
        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.CheckoutCompleted, T0.AddDays(8), TestEvents.CompletedCheckout("502", 10m, ("7", 1, 10m)), onDone: done));

        harness.Attributions.All.Should().HaveCount(2).And.OnlyContain(a => a.Platform == AttributionModels.Direct);
    }

    [Fact]
    public async Task A_redelivered_event_is_skipped_and_counted_once()
    {
        await using var harness = new UserGrainHarness();
        for (var i = 0; i < 2; i++)
            await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.ProductViewed, T0, """{"productVariant":{"product":{"id":"9"}}}""", onDone: done, id: "sh-dup"));

        harness.Counters.Duplicates.Should().Be(1);
        harness.Events.Count.Should().Be(1);
        var batch = await harness.Buffer.TakeBatchAsync(0, 100, default);
        batch.Cells.Should().ContainSingle().Which.Views.Should().Be(1);
    }

    /// <summary>
    /// An event remembered at stage 1 whose stage 5 then failed (or was cut off by a stop) must not be
    /// in the state the grain writes: Kafka redelivers it, and the next activation must run it again.
    /// </summary>
    [Fact]
    public async Task An_event_whose_background_stages_failed_is_not_remembered_in_the_written_state()
    {
        FailingIncrements? failing = null;
        await using var harness = new UserGrainHarness(new StageOptions { MaxAttempts = 1 }, stage5Buffer: b => failing = new FailingIncrements(b));
        const string Id = "sh-cut-off";
        PipelineEvent View(Action<PipelineEvent, Exception?> done) =>
            TestEvents.Pixel(EventNames.ProductViewed, T0, """{"productVariant":{"product":{"id":"9"}}}""", onDone: done, id: Id);

        var first = () => harness.ProcessAsync(View);
        await first.Should().ThrowAsync<StageFailedException>();
        await harness.Runtime.DeactivateAsync(_ => true, DeactivationReason.ShuttingDown); // writes the state
        failing!.Failing = false;
        await harness.ProcessAsync(View); // the redelivery, on a fresh activation

        (await harness.Buffer.TakeBatchAsync(0, 100, default)).Cells.Should().ContainSingle()
            .Which.Views.Should().Be(1, "the redelivered event ran stage 5 instead of being skipped as seen");
    }

    /// <summary>A stats buffer whose per-event increments fail while <see cref="Failing"/> is set.</summary>
    internal sealed class FailingIncrements(Stores.Abstractions.IProductStatsBuffer inner) : Stores.Abstractions.IProductStatsBuffer
    {
        public volatile bool Failing = true;

        /// <summary>When set, only calls that include this event fail.</summary>
        public string? FailingEvent { get; init; }

        public Task IncrementAsync(int partition, IReadOnlyList<ProductStatDelta> deltas, CancellationToken cancellation) =>
            Failing ? Task.FromException(new InvalidOperationException("injected")) : inner.IncrementAsync(partition, deltas, cancellation);

        public Task<bool[]> IncrementEachOnceAsync(int partition, IReadOnlyList<EventStatDeltas> events, CancellationToken cancellation) =>
            Failing && (FailingEvent is null || events.Any(e => e.EventId == FailingEvent))
                ? Task.FromException<bool[]>(new InvalidOperationException("injected"))
                : inner.IncrementEachOnceAsync(partition, events, cancellation);

        public Task<ProductStatBatch> TakeBatchAsync(int partition, int maxKeys, CancellationToken cancellation) => inner.TakeBatchAsync(partition, maxKeys, cancellation);

        public Task AcknowledgeAsync(int partition, string batchId, CancellationToken cancellation) => inner.AcknowledgeAsync(partition, batchId, cancellation);
    }

    /// <summary>
    /// A crash after stage 1 leaves the event indexed but its stats never added, and the grain state
    /// that remembered it is gone; the redelivery must add them, and any further copy must not.
    /// </summary>
    [Fact]
    public async Task An_event_indexed_by_a_crashed_run_gets_its_stats_once_when_redelivered()
    {
        await using var harness = new UserGrainHarness();
        const string Id = "sh-0b9a4a3e-8a3e-4c55-9d1d-2f6f8c1e0a11";
        await harness.Events.TryAppendAsync(new StoredEvent(Id, TestEvents.Shop, TestEvents.Client, EventNames.CheckoutCompleted, T0, 0, 0, default), default);

        for (var i = 0; i < 2; i++)
        {
            await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.CheckoutCompleted, T0, TestEvents.CompletedCheckout("504", 20m, ("5", 2, 20m)), onDone: done, id: Id));
            await harness.Runtime.DeactivateAsync(_ => true, DeactivationReason.ApplicationRequested); // the next copy finds no recent ids
        }

        (await harness.Buffer.TakeBatchAsync(0, 100, default)).Cells.Should().ContainSingle().Which.Purchases.Should().Be(2, "added by the first redelivery, not by the second");
        (await harness.Visitors.CountAsync(TestEvents.Shop, new DateOnly(2026, 10, 26), default)).Should().Be(1);
        (await harness.Customers.GetAsync(TestEvents.Shop, TestEvents.Client, default)).Should().BeNull("a profile fold cannot tell a repeat, so an event indexed before does not fold");
        harness.Events.Count.Should().Be(1);
    }

    [Fact]
    public async Task An_event_is_done_only_after_its_background_stages()
    {
        await using var harness = new UserGrainHarness();
        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.CheckoutCompleted, T0, TestEvents.CompletedCheckout("503", 30m, ("4", 3, 30m)), onDone: done));

        // Both background stages finished before the completion fired.
        (await harness.Customers.GetAsync(TestEvents.Shop, TestEvents.Client, default))!.Orders.Should().Be(1);
        (await harness.Buffer.TakeBatchAsync(0, 100, default)).Cells.Should().ContainSingle().Which.Purchases.Should().Be(3);
        (await harness.Visitors.CountAsync(TestEvents.Shop, new DateOnly(2026, 10, 26), default)).Should().Be(1, "1 Nov 2026 is a Sunday of the week starting 26 Oct");
    }

    [Fact]
    public async Task A_visitor_is_sent_to_its_weekly_set_once_per_week()
    {
        await using var harness = new UserGrainHarness();
        for (var i = 0; i < 3; i++)
        {
            await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0.AddMinutes(i), onDone: done));
        }
        harness.Visitors.Adds.Should().Be(1, "the grain remembers the week it already sent");

        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0.AddDays(1), onDone: done));
        harness.Visitors.Adds.Should().Be(2, "2 Nov 2026 starts a new week");
        (await harness.Visitors.CountAsync(TestEvents.Shop, new DateOnly(2026, 11, 2), default)).Should().Be(1);

        await harness.Runtime.DeactivateAsync(_ => true, DeactivationReason.IdleTimeout);
        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0.AddDays(1).AddHours(1), onDone: done));
        harness.Visitors.Adds.Should().Be(2, "the week is part of the persisted state");
    }

    [Fact]
    public async Task A_failed_weekly_visitor_write_is_sent_again_by_the_next_event()
    {
        await using var harness = new UserGrainHarness(new Stages.StageOptions { MaxAttempts = 1 });
        harness.Visitors.FailNextAdd();
        var failed = () => harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0, onDone: done));
        await failed.Should().ThrowAsync<Exception>();
        (await harness.Visitors.CountAsync(TestEvents.Shop, new DateOnly(2026, 10, 26), default)).Should().Be(0);

        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0.AddMinutes(1), onDone: done));
        harness.Visitors.Adds.Should().Be(2);
        (await harness.Visitors.CountAsync(TestEvents.Shop, new DateOnly(2026, 10, 26), default)).Should().Be(1);
    }

    [Fact]
    public async Task State_is_written_on_deactivation_and_read_by_the_next_activation()
    {
        await using var harness = new UserGrainHarness();
        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.PageViewed, T0, href: "https://s/p?ttclid=tt1", onDone: done));
        await harness.Runtime.DeactivateAsync(_ => true, Runtime.DeactivationReason.IdleTimeout);
        harness.Storage.Count.Should().Be(1);

        await harness.ProcessAsync(done => TestEvents.Pixel(EventNames.CheckoutCompleted, T0.AddHours(1), TestEvents.CompletedCheckout("504", 5m, ("1", 1, 5m)), onDone: done));
        harness.Attributions.All.Should().Contain(a => a.Model == AttributionModels.LastClick && a.Platform == "tiktok");
    }
}
