namespace GrainPipeline.Runtime.Configuration;

/// <summary>Reminder service settings (section <c>Reminders</c>).</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>How often the table is scanned for due ticks; also the finest useful period.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows read per page.</summary>
    public int PageSize { get; set; } = 100;

    public static readonly TimeSpan MinimumPeriod = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Validate()
    {
        if (TimerLimits.CheckDelay($"{Section}:PollInterval", PollInterval) is { } poll) yield return poll;
        if (PageSize is < 1 or > 10_000) yield return $"{Section}:PageSize must be between 1 and 10000 (got {PageSize}).";
    }
}
