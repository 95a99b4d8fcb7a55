using GrainPipeline.Runtime;

namespace GrainPipeline.Grains.References;

/// <summary>Typed reference to <see cref="IProductStatsFlusherGrain"/>.</summary>
public sealed class ProductStatsFlusherGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IProductStatsFlusherGrain
{
    public Task<int> Flush() => Invoke<IProductStatsFlusherGrain, int, int>(static (grain, _) => grain.Flush(), 0);

    public Task<int> HandOver() => Invoke<IProductStatsFlusherGrain, int, int>(static (grain, _) => grain.HandOver(), 0);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        Invoke<IProductStatsFlusherGrain, (string, TickStatus)>(static (grain, a) => grain.ReceiveReminder(a.Item1, a.Item2), (reminderName, status));
}
