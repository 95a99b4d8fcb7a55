namespace GrainPipeline.Runtime.Tests.Grains;

public sealed class ReminderGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IReminderGrain
{
    public Task Register(ReminderRequest request) => Invoke<IReminderGrain, ReminderRequest>(static (grain, r) => grain.Register(r), request);

    public Task Unregister(string name) => Invoke<IReminderGrain, string>(static (grain, n) => grain.Unregister(n), name);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        Invoke<IReminderGrain, (string Name, TickStatus Status)>(static (grain, a) => grain.ReceiveReminder(a.Name, a.Status), (reminderName, status));
}
