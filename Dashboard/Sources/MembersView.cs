namespace GrainPipeline.Dashboard.Sources;

/// <summary>The consumer group as last read from Kafka.</summary>
public sealed record MembersView(string Group, string State, IReadOnlyList<MemberView> Members, DateTimeOffset? ReadAt, string? Error);

/// <summary>One member: its client id is the silo's member name; <see cref="IsThisSilo"/> marks this one.</summary>
public sealed record MemberView(string ClientId, string Host, IReadOnlyList<int> Partitions, bool IsThisSilo);
