namespace GrainPipeline.Workload.Model;

/// <summary>
/// One Kafka record as the generator made it, plus what it means. The meaning (identity, user,
/// product effects) is filled in only for valid events, so tests and verifiers never have to parse
/// the value back to know what the pipeline should do with it.
/// </summary>
public sealed class GeneratedRecord
{
    /// <summary><c>{shop}:{clientId}</c>; null only for the missing-key poison kind.</summary>
    public required string? Key { get; init; }

    /// <summary>The Shopify JSON (or, for poison, whatever bad bytes the kind calls for).</summary>
    public required byte[] Value { get; init; }

    /// <summary>
    /// Contract headers known at generation time (<c>gp-source</c>, <c>gp-shop</c>). <c>gp-received-at</c>
    /// is absent on purpose: it is the moment of sending, which only the producer knows.
    /// </summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public bool IsPoison { get; init; }

    /// <summary>One of <see cref="Poison.PoisonKinds"/> for poison records, else null.</summary>
    public string? PoisonKind { get; init; }

    /// <summary>The event's <c>id</c> (valid records only).</summary>
    public string? EventId { get; init; }

    /// <summary>The shop's myshopify domain. Set for poison too, because its <c>gp-shop</c> header names one.</summary>
    public string? Shop { get; init; }

    public string? ClientId { get; init; }

    /// <summary>Index of the simulated user (0 = most active); -1 for poison.</summary>
    public int UserIndex { get; init; } = -1;

    public string? EventName { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public IReadOnlyList<ProductEffect> ProductEffects { get; init; } = [];
}
