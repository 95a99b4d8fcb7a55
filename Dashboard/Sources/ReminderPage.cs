namespace GrainPipeline.Dashboard.Sources;

/// <summary>One page of reminder rows; <see cref="Next"/> is the cursor for the following page (null at the end).</summary>
public sealed record ReminderPage(IReadOnlyList<ReminderRow> Rows, string? Next, int Scanned);

public sealed record ReminderRow(string Key, string GrainType, string GrainKey, string Name, DateTimeOffset StartAt, TimeSpan Period, DateTimeOffset NextTick, bool OwnedHere);
