namespace GrainPipeline.Dashboard.Sources;

/// <summary>Which silo this is: member name, Kafka group and topic, when it started.</summary>
public sealed record SiloIdentity(string MemberName, string Group, string Topic, string Bootstrap, DateTimeOffset StartedAt);
