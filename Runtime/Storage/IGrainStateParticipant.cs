namespace GrainPipeline.Runtime.Storage;

/// <summary>A state the activation reads before OnActivateAsync.</summary>
internal interface IGrainStateParticipant
{
    string StateName { get; }

    Task ReadAsync(CancellationToken cancellation);

    /// <summary>The state as it would be written now, as JSON (for the dashboard; call inside a turn).</summary>
    byte[] SerializeState();
}
