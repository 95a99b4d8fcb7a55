namespace GrainPipeline.Grains.Events;

/// <summary>A stage kept failing for a reason that is not a store outage; the event is dead-lettered with it.</summary>
public sealed class StageFailedException(string stage, int attempts, Exception inner)
    : Exception($"Stage '{stage}' failed after {attempts} attempt(s): {inner.Message}", inner)
{
    public string Stage => stage;
}
