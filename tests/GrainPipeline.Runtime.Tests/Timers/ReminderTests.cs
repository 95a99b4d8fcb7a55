using GrainPipeline.Runtime.Testing;
using GrainPipeline.Runtime.Tests.Grains;
using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Runtime.Tests.Timers;

/// <summary>
/// Durable reminders: a tick after the due time and once per period, never before; rows outlive the
/// runtime; only owned grains get ticks; the table is read a page at a time.
/// </summary>
public sealed class ReminderTests
{
    private static readonly TimeSpan Due = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    private readonly MemoryReminderTable _table = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly TickLog _ticks = new();

    [Fact]
    public async Task A_reminder_fires_after_its_due_time_and_once_each_period_never_before()
    {
        await using var host = Start();
        var start = _clock.GetUtcNow();
        await host.Grain<IReminderGrain>("alarm").Register(new ReminderRequest("wake", Due, Period)).WithTimeout("alarm: register");

        (await Fire(host)).Should().Be(0, "nothing is due at registration");
        _clock.Advance(Due - TimeSpan.FromSeconds(1));
        (await Fire(host)).Should().Be(0, "one second before the due time");
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await Fire(host)).Should().Be(1, "exactly at the due time");
        (await Fire(host)).Should().Be(0, "a tick is delivered once");
        _clock.Advance(Period - TimeSpan.FromSeconds(1));
        (await Fire(host)).Should().Be(0, "one second before the second tick");
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await Fire(host)).Should().Be(1, "one period after the first tick");

        var ticks = _ticks.For("alarm", "wake");
        ticks.Should().HaveCount(2);
        ticks.Should().OnlyContain(t => t.FirstTickTime == start + Due && t.Period == Period);
        ticks.Select(t => t.CurrentTickTime).Should().Equal(start + Due, start + Due + Period);
    }

    [Fact]
    public async Task A_pass_after_several_periods_delivers_one_tick_not_a_backlog()
    {
        await using var host = Start();
        await host.Grain<IReminderGrain>("late").Register(new ReminderRequest("r", TimeSpan.Zero, Period)).WithTimeout("late: register");
        (await Fire(host)).Should().Be(1);

        _clock.Advance(Period * 4);

        (await Fire(host)).Should().Be(1);
        (await Fire(host)).Should().Be(0);
        _ticks.CountFor("late", "r").Should().Be(2);
    }

    [Fact]
    public async Task A_reminder_survives_a_restart_of_the_runtime()
    {
        await using (var first = Start())
        {
            await first.Grain<IReminderGrain>("durable").Register(new ReminderRequest("r", Due, Period)).WithTimeout("durable: register");
        }

        await using var second = Start();
        _clock.Advance(Due);

        (await Fire(second)).Should().Be(1);
        _ticks.CountFor("durable", "r").Should().Be(1);
        second.Runtime.IsActive(new GrainId(ReminderGrain.TypeName, "durable")).Should().BeTrue("the tick activated the grain in the new runtime");
    }

    [Fact]
    public async Task Reminders_of_grains_not_owned_here_are_not_delivered()
    {
        await using var host = Start(isOwned: id => id.Key.StartsWith("mine-", StringComparison.Ordinal));
        await host.Grain<IReminderGrain>("mine-1").Register(new ReminderRequest("r", Due, Period)).WithTimeout("mine-1: register");
        await host.Grain<IReminderGrain>("theirs-1").Register(new ReminderRequest("r", Due, Period)).WithTimeout("theirs-1: register");
        _clock.Advance(Due);

        (await Fire(host)).Should().Be(1);

        _ticks.Keys.Should().Equal("mine-1");
    }

    [Fact]
    public async Task An_unregistered_reminder_stops_firing()
    {
        await using var host = Start();
        var grain = host.Grain<IReminderGrain>("quiet");
        await grain.Register(new ReminderRequest("r", TimeSpan.Zero, Period)).WithTimeout("quiet: register");
        (await Fire(host)).Should().Be(1);

        await grain.Unregister("r").WithTimeout("quiet: unregister");
        _clock.Advance(Period * 2);

        (await Fire(host)).Should().Be(0);
        _table.Count.Should().Be(0);
    }

    [Fact]
    public async Task Updating_a_reminder_restarts_its_schedule()
    {
        await using var host = Start();
        var grain = host.Grain<IReminderGrain>("rescheduled");
        await grain.Register(new ReminderRequest("r", TimeSpan.Zero, TimeSpan.FromMinutes(1))).WithTimeout("rescheduled: register");
        (await Fire(host)).Should().Be(1);
        _clock.Advance(TimeSpan.FromMinutes(10));
        (await Fire(host)).Should().Be(1);

        await grain.Register(new ReminderRequest("r", TimeSpan.Zero, TimeSpan.FromMinutes(1))).WithTimeout("rescheduled: update");

        (await Fire(host)).Should().Be(1, "an updated reminder due now fires now, whatever tick the old schedule had reached");
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await Fire(host)).Should().Be(1, "and then once per period of the new schedule");
        _ticks.CountFor("rescheduled", "r").Should().Be(4);
    }

    [Theory]
    [InlineData(-1, 60, "dueTime")]
    [InlineData(0, 0, "period")]
    [InlineData(0, -60, "period")]
    [InlineData(10, 0.5, "period")]
    public async Task Invalid_due_time_or_period_is_rejected(double dueSeconds, double periodSeconds, string parameter)
    {
        await using var host = Start();
        var grain = host.Grain<IReminderGrain>("invalid");

        var register = () => grain.Register(new ReminderRequest("r", TimeSpan.FromSeconds(dueSeconds), TimeSpan.FromSeconds(periodSeconds)));

        (await register.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be(parameter);
        _table.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_table_larger_than_a_page_is_read_in_pages_and_every_owned_reminder_fires()
    {
        const int PageSize = 7;
        const int Reminders = 50;
        var table = new PageCountingReminderTable(_table);
        await using var host = new TestRuntimeBuilder().AddTestGrains(new GrainProbe(), _ticks).WithClock(_clock)
            .WithReminders(table, id => !id.Key.EndsWith('3'), o => o.PageSize = PageSize)
            .Start();
        for (var i = 0; i < Reminders; i++)
            await host.Reminders.RegisterOrUpdateAsync(new GrainId(ReminderGrain.TypeName, $"paged-{i:00}"), "r", Due, Period);
        _clock.Advance(Due);

        var fired = await Fire(host);

        var owned = Enumerable.Range(0, Reminders).Select(i => $"paged-{i:00}").Where(k => !k.EndsWith('3')).ToList();
        fired.Should().Be(owned.Count);
        _ticks.Keys.Order(StringComparer.Ordinal).Should().Equal(owned);
        table.LargestPage.Should().BeLessThanOrEqualTo(PageSize);
        table.PagesRead.Should().Be((Reminders + PageSize - 1) / PageSize);
    }

    private TestRuntime Start(Func<GrainId, bool>? isOwned = null) =>
        new TestRuntimeBuilder().AddTestGrains(new GrainProbe(), _ticks).WithClock(_clock).WithReminders(_table, isOwned).Start();

    private static Task<int> Fire(TestRuntime host) => host.Reminders.FireDueAsync(CancellationToken.None).WithTimeout("a reminder pass");
}
