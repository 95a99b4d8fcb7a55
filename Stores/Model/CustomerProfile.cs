namespace GrainPipeline.Stores.Model;

public sealed record CustomerProfile(
    string Shop,
    string ClientId,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string? Email,
    long Events,
    long Orders,
    decimal Revenue);
