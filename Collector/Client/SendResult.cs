namespace GrainPipeline.Collector.Client;

/// <summary>A batch the collector accepted: how many events, and how many refusals came first.</summary>
public readonly record struct SendResult(int Events, int Refusals);
