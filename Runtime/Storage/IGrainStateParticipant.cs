namespace GrainPipeline.Runtime.Storage;

/// <summary>A state the activation reads before OnActivateAsync.</summary>
internal interface IGrainStateParticipant
{
    Task ReadAsync(CancellationToken cancellation);
}
