namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>A grain that registers reminders for itself and logs every tick it receives.</summary>
public interface IReminderGrain : IRemindable, IGrainWithStringKey
{
    Task Register(ReminderRequest request);

    Task Unregister(string name);
}
