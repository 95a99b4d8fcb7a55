namespace GrainPipeline.Stores.Abstractions;

/// <summary>
/// A store could not be reached or did not answer in time. Not the event's fault: the stage retries
/// it (and the ingest budget slows intake) instead of dead-lettering the event.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
