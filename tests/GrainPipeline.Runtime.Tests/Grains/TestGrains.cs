using GrainPipeline.Runtime.Testing;

namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>Registers the test grains on a runtime builder.</summary>
public static class TestGrains
{
    public static TestRuntimeBuilder AddTestGrains(this TestRuntimeBuilder builder, GrainProbe probe, TickLog? ticks = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ticks ??= new TickLog();
        return builder
            .OnStopping(probe.ReleaseGates)
            .AddGrain<ITestGrain>(TestGrain.TypeName, _ => new TestGrain(probe), static (invoker, id) => new TestGrainReference(invoker, id))
            .AddGrain<IStatefulGrain>(StatefulGrain.TypeName, context => new StatefulGrain(context, probe), static (invoker, id) => new StatefulGrainReference(invoker, id))
            .AddGrain<IReminderGrain>(ReminderGrain.TypeName, _ => new ReminderGrain(ticks), static (invoker, id) => new ReminderGrainReference(invoker, id));
    }

    public static GrainId TestGrainId(string key) => new(TestGrain.TypeName, key);
}
