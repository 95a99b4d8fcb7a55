namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>A grain whose every step reports to a <see cref="GrainProbe"/>, so tests can see order, overlap and lifecycle.</summary>
public interface ITestGrain : IGrainWithStringKey
{
    /// <summary>Logs (caller, sequence) for this key; yields inside the turn when asked, so turns are really asynchronous.</summary>
    Task Record(CallStamp stamp);

    /// <summary>A turn that awaits <paramref name="gate"/> before it finishes.</summary>
    Task Hold(Task gate);

    /// <summary>Returns the key; logs that it started.</summary>
    Task<string> Ping();

    /// <summary>Throws <see cref="InvalidOperationException"/> with the message.</summary>
    Task Fail(string message);

    /// <summary>Asks for deactivation once the queued calls are done.</summary>
    Task DeactivateSoon();
}
