using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Runtime;

/// <summary>What an activation offers its grain: identity, state, reminders, other grains.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    IReminderRegistry Reminders { get; }

    /// <summary>Creates a persistent state bound to this activation; it is read before OnActivateAsync.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName) where TState : class, new();

    void Deactivate(DeactivationReason reason);
}
