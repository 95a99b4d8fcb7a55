using GrainPipeline.Runtime.Catalog;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Runtime.Hosting;
using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Runtime.Tests.Configuration;

/// <summary>Invalid settings stop the runtime before it starts, with a message naming each bad setting.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<Action<RuntimeOptions>, string> InvalidRuntimeSettings => new()
    {
        { o => o.MaxActivations = 0, "Runtime:MaxActivations" },
        { o => o.MaxActivations = -5, "Runtime:MaxActivations" },
        { o => o.IdleTimeout = TimeSpan.Zero, "Runtime:IdleTimeout" },
        { o => o.CollectionInterval = TimeSpan.FromSeconds(-1), "Runtime:CollectionInterval" },
        { o => o.SheddingTarget = 0, "Runtime:SheddingTarget" },
        { o => o.SheddingTarget = 1, "Runtime:SheddingTarget" },
        { o => o.ExpectedActivationBytes = -1, "Runtime:ExpectedActivationBytes" },
        { o => o.MaxCallsPerTurn = 0, "Runtime:MaxCallsPerTurn" },
        { o => o.ActivationTimeout = TimeSpan.Zero, "Runtime:ActivationTimeout" },
        { o => o.DeactivationTimeout = TimeSpan.Zero, "Runtime:DeactivationTimeout" },
        { o => o.BulkDeactivationTimeout = TimeSpan.Zero, "Runtime:BulkDeactivationTimeout" },
        { o => o.SlotWaitBeforeShedding = TimeSpan.Zero, "Runtime:SlotWaitBeforeShedding" },
        { o => o.SlotWaitBeforeShedding = TimeSpan.FromMilliseconds(-2), "Runtime:SlotWaitBeforeShedding" },
        { o => o.CollectionInterval = TimeSpan.FromDays(50), "Runtime:CollectionInterval" },
        { o => o.ActivationTimeout = TimeSpan.FromDays(50), "Runtime:ActivationTimeout" },
        { o => o.DeactivationTimeout = TimeSpan.FromDays(50), "Runtime:DeactivationTimeout" },
    };

    [Theory]
    [MemberData(nameof(InvalidRuntimeSettings))]
    public void An_invalid_runtime_setting_is_reported_by_name(Action<RuntimeOptions> breakIt, string setting)
    {
        var options = new RuntimeOptions();
        breakIt(options);

        options.Validate().Should().ContainSingle().Which.Should().StartWith(setting + " ");
    }

    [Fact]
    public void Default_settings_are_valid()
    {
        new RuntimeOptions().Validate().Should().BeEmpty();
        new StorageOptions().Validate().Should().BeEmpty();
        new ReminderOptions().Validate().Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(50 * 24 * 3600)]
    public void An_invalid_storage_timeout_is_reported_by_name(int seconds)
    {
        var options = new StorageOptions { CallTimeout = TimeSpan.FromSeconds(seconds) };

        options.Validate().Should().ContainSingle().Which.Should().StartWith("GrainStorage:CallTimeout ");
    }

    [Theory]
    [InlineData(0, 100, "Reminders:PollInterval")]
    [InlineData(50 * 24 * 3600, 100, "Reminders:PollInterval")]
    [InlineData(1, 0, "Reminders:PageSize")]
    [InlineData(1, 10_001, "Reminders:PageSize")]
    public void An_invalid_reminder_setting_is_reported_by_name(int pollSeconds, int pageSize, string setting)
    {
        var options = new ReminderOptions { PollInterval = TimeSpan.FromSeconds(pollSeconds), PageSize = pageSize };

        options.Validate().Should().ContainSingle().Which.Should().StartWith(setting + " ");
    }

    [Fact]
    public void The_runtime_refuses_to_start_with_every_bad_setting_listed()
    {
        var options = new RuntimeOptions { MaxActivations = 0, IdleTimeout = TimeSpan.Zero };
        var storage = new StorageOptions { CallTimeout = TimeSpan.Zero };

        var make = () => new GrainRuntime(new GrainTypeRegistry(), new MemoryGrainStorage(), options, storage);

        var failure = make.Should().Throw<OptionsValidationException>().Which;
        failure.Failures.Should().HaveCount(3);
        failure.Message.Should().Contain("Runtime:MaxActivations").And.Contain("Runtime:IdleTimeout").And.Contain("GrainStorage:CallTimeout");
    }

    [Fact]
    public async Task The_longest_interval_a_timer_accepts_is_valid_and_runs()
    {
        var longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
        var options = new RuntimeOptions { CollectionInterval = longest, SlotWaitBeforeShedding = longest };
        options.Validate().Should().BeEmpty();

        // The collector loop waits on the interval at start: it must not fault.
        await using var runtime = new GrainRuntime(new GrainTypeRegistry(), new MemoryGrainStorage(), options);
        runtime.UseReminders(new MemoryReminderTable(), _ => true, new ReminderOptions { PollInterval = longest });
        runtime.Start();
        await runtime.StopAsync();
    }

    [Fact]
    public async Task Reminders_with_bad_settings_are_refused_before_start()
    {
        await using var runtime = new GrainRuntime(new GrainTypeRegistry(), new MemoryGrainStorage());

        var use = () => runtime.UseReminders(new MemoryReminderTable(), _ => true, new ReminderOptions { PageSize = 0 });

        use.Should().Throw<OptionsValidationException>().WithMessage("*Reminders:PageSize*");
    }
}
