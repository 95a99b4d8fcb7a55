namespace GrainPipeline.Runtime;

public enum DeactivationReason
{
    /// <summary>No call for longer than the idle timeout.</summary>
    IdleTimeout,
    /// <summary>Shed to keep the number of activations under MaxActivations.</summary>
    CapacityPressure,
    /// <summary>The grain asked for it (DeactivateOnIdle).</summary>
    ApplicationRequested,
    /// <summary>The partition owning the grain moved to another silo.</summary>
    PartitionRevoked,
    /// <summary>The silo is stopping.</summary>
    ShuttingDown,
}
