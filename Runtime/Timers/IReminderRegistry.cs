namespace GrainPipeline.Runtime.Timers;

/// <summary>Registers durable reminders for grains; ticks arrive as <see cref="IRemindable.ReceiveReminder"/> calls.</summary>
public interface IReminderRegistry
{
    Task RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync(GrainId grainId, string reminderName);
}

/// <summary>Used when the silo runs without a reminder service: registering is a configuration error, said plainly.</summary>
internal sealed class NoReminders : IReminderRegistry
{
    public static readonly NoReminders Instance = new();

    public Task RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period) =>
        throw new InvalidOperationException($"{grainId} registered reminder '{reminderName}' but this runtime has no reminder service configured.");

    public Task UnregisterAsync(GrainId grainId, string reminderName) => Task.CompletedTask;
}
