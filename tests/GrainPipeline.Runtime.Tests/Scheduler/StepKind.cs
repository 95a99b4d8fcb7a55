namespace GrainPipeline.Runtime.Tests.Scheduler;

/// <summary>What one step of a caller's script does.</summary>
public enum StepKind
{
    /// <summary>Send a call and go on without waiting for it (pipelined).</summary>
    Send,
    /// <summary>Send a call, then wait for everything this caller has in flight.</summary>
    SendAndWait,
    /// <summary>Give the thread away before the next step.</summary>
    Yield,
    /// <summary>Ask the key's grain to deactivate, without waiting for it.</summary>
    Deactivate,
}
