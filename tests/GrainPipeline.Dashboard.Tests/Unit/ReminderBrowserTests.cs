using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Timers;
using GrainPipeline.Silo.Dashboard;

namespace GrainPipeline.Dashboard.Tests.Unit;

public class ReminderBrowserTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<MemoryReminderTable> TableAsync(int flushers, int others)
    {
        var table = new MemoryReminderTable();
        for (var i = 0; i < flushers; i++)
            await table.UpsertAsync(new ReminderEntry(new GrainId("product-stats-flusher", i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), "flush", Now.AddSeconds(-25), TimeSpan.FromSeconds(10)), CancellationToken.None);
        for (var i = 0; i < others; i++)
            await table.UpsertAsync(new ReminderEntry(new GrainId("user", "shop.myshopify.com:c" + i), "nudge", Now.AddMinutes(5), TimeSpan.FromMinutes(1)), CancellationToken.None);
        return table;
    }

    [Fact]
    public async Task Pages_follow_the_cursor_until_the_end_of_the_table()
    {
        var browser = new ReminderBrowser(await TableAsync(flushers: 5, others: 0), _ => true, new Infrastructure.ManualClock(Now));

        var first = await browser.ReadAsync(null, 2, null, CancellationToken.None);
        var second = await browser.ReadAsync(first.Next, 2, null, CancellationToken.None);
        var third = await browser.ReadAsync(second.Next, 2, null, CancellationToken.None);

        first.Rows.Select(r => r.GrainKey).Should().Equal("000", "001");
        second.Rows.Select(r => r.GrainKey).Should().Equal("002", "003");
        third.Rows.Select(r => r.GrainKey).Should().Equal("004");
        third.Next.Should().BeNull();
        first.Rows[0].NextTick.Should().Be(Now.AddSeconds(5), "started 25 s ago with a 10 s period");
    }

    [Fact]
    public async Task A_filter_keeps_matching_rows_and_reads_the_table_in_bounded_pages()
    {
        var browser = new ReminderBrowser(await TableAsync(flushers: 300, others: 3), id => id.Type == "user", new Infrastructure.ManualClock(Now));

        var page = await browser.ReadAsync(null, 50, "myshopify", CancellationToken.None);

        page.Rows.Should().HaveCount(3).And.OnlyContain(r => r.GrainType == "user" && r.OwnedHere && r.NextTick == Now.AddMinutes(5));
        page.Scanned.Should().Be(303);
        page.Next.Should().BeNull();
    }
}
