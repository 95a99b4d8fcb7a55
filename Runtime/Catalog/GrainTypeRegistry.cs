using System.Collections.Frozen;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>
/// Which grain class implements which interface, and how to make instances and typed references.
/// Filled once at start-up by the composition root; read without locks afterwards.
/// </summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainTypeRegistration> _byInterface = [];
    private readonly Dictionary<string, GrainTypeRegistration> _byName = [];
    private FrozenDictionary<Type, GrainTypeRegistration>? _frozenByInterface;
    private FrozenDictionary<string, GrainTypeRegistration>? _frozenByName;

    /// <summary>Registers a grain class under a stable type name (used in grain ids, storage and reminders).</summary>
    public GrainTypeRegistry Add<TInterface>(string typeName, Func<IGrainContext, Grain> create,
        Func<IGrainCallInvoker, GrainId, TInterface> reference)
        where TInterface : IGrainWithStringKey
    {
        if (_frozenByName is not null) throw new InvalidOperationException("Grain types must be registered before the runtime starts.");
        var registration = new GrainTypeRegistration(typeName, create, (invoker, id) => reference(invoker, id)!);
        _byInterface.Add(typeof(TInterface), registration);
        _byName.Add(typeName, registration);
        return this;
    }

    internal void Freeze()
    {
        _frozenByInterface = _byInterface.ToFrozenDictionary();
        _frozenByName = _byName.ToFrozenDictionary();
    }

    internal GrainTypeRegistration ForInterface(Type grainInterface) =>
        (_frozenByInterface ?? throw new InvalidOperationException("The runtime has not started.")).TryGetValue(grainInterface, out var registration)
            ? registration
            : throw new InvalidOperationException($"No grain class is registered for {grainInterface.Name}.");

    internal bool TryGetByName(string typeName, out GrainTypeRegistration registration) =>
        (_frozenByName ?? throw new InvalidOperationException("The runtime has not started.")).TryGetValue(typeName, out registration!);

    internal Grain Create(ActivationData activation) =>
        TryGetByName(activation.GrainId.Type, out var registration)
            ? registration.Create(activation)
            : throw new InvalidOperationException($"Unknown grain type '{activation.GrainId.Type}'.");
}

internal sealed record GrainTypeRegistration(string TypeName, Func<IGrainContext, Grain> Create, Func<IGrainCallInvoker, GrainId, object> Reference);
