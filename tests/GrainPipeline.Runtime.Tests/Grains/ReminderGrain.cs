namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>Implements <see cref="IReminderGrain"/>; ticks go to the probe as events "tick:NAME".</summary>
public sealed class ReminderGrain(TickLog ticks) : Grain, IReminderGrain
{
    public const string TypeName = "reminded";

    public Task Register(ReminderRequest request) => RegisterOrUpdateReminder(request.Name, request.DueTime, request.Period);

    public Task Unregister(string name) => UnregisterReminder(name);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.Add(GetPrimaryKeyString(), reminderName, status);
        return Task.CompletedTask;
    }
}
