namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>What <see cref="IReminderGrain.Register"/> asks the reminder service for.</summary>
public readonly record struct ReminderRequest(string Name, TimeSpan DueTime, TimeSpan Period);
