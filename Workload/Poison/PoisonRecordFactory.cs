using System.Buffers;
using System.Text.Json;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Workload.Poison;

/// <summary>
/// Builds the bad records. Each is bad in exactly the way its kind says and otherwise looks like a real
/// page_viewed from a real user (real key, real headers), so the pipeline cannot spot it by anything
/// but the defect itself.
/// </summary>
internal sealed class PoisonRecordFactory : IDisposable
{
    /// <summary>About 1.1 MiB: over the 1 MiB that is the largest sane pixel event (and a common broker limit).</summary>
    public const int OversizedBytes = 1_153_434;

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;

    public PoisonRecordFactory() => _json = new Utf8JsonWriter(_buffer);

    /// <param name="index">Rotation index: the k-th poison record gets kind <c>PoisonKinds.All[k % 6]</c>.</param>
    public GeneratedRecord Create(long index, SimulatedUser user, string eventId, DateTimeOffset timestamp)
    {
        var kind = PoisonKinds.All[(int)(index % PoisonKinds.All.Count)];
        var value = kind switch
        {
            PoisonKinds.InvalidJson => Truncated(Event(user, eventId, timestamp)),
            PoisonKinds.MissingKey => Event(user, eventId, timestamp),
            PoisonKinds.MissingEventId => Event(user, eventId, timestamp, writeId: false),
            PoisonKinds.UnknownEventName => Event(user, eventId, timestamp, name: "product_teleported"),
            PoisonKinds.Oversized => Event(user, eventId, timestamp, padding: OversizedBytes),
            // Alternate between the two classic type mix-ups so both get exercised.
            PoisonKinds.WrongFieldTypes => (index / PoisonKinds.All.Count) % 2 == 0
                ? Event(user, eventId, timestamp, numericId: index + 1)
                : Event(user, eventId, timestamp, booleanTimestamp: true),
            _ => throw new InvalidOperationException($"Unknown poison kind {kind}"),
        };
        return new GeneratedRecord
        {
            Key = kind == PoisonKinds.MissingKey ? null : user.Key,
            Value = value,
            Headers = PixelHeaders.For(user.Shop),
            IsPoison = true,
            PoisonKind = kind,
            Shop = user.Shop,
        };
    }

    public void Dispose() => _json.Dispose();

    /// <summary>Cutting a JSON object anywhere before its closing brace always leaves invalid JSON.</summary>
    private static byte[] Truncated(byte[] json) => json[..(json.Length / 2)];

    private byte[] Event(
        SimulatedUser user,
        string eventId,
        DateTimeOffset timestamp,
        bool writeId = true,
        string name = PixelEventNames.PageViewed,
        int padding = 0,
        long? numericId = null,
        bool booleanTimestamp = false)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        if (numericId is { } number) _json.WriteNumber("id", number);
        else if (writeId) _json.WriteString("id", eventId);
        _json.WriteString("name", name);
        _json.WriteString("clientId", user.ClientId);
        if (booleanTimestamp) _json.WriteBoolean("timestamp", true);
        else _json.WriteString("timestamp", PixelJsonWriter.FormatTimestamp(timestamp));
        _json.WriteString("type", "standard");
        _json.WriteStartObject("context");
        _json.WriteStartObject("document");
        _json.WriteStartObject("location");
        _json.WriteString("href", "https://" + user.Shop + "/");
        _json.WriteString("host", user.Shop);
        _json.WriteString("pathname", "/");
        _json.WriteString("search", "");
        _json.WriteEndObject();
        _json.WriteString("referrer", "");
        _json.WriteEndObject();
        _json.WriteStartObject("navigator");
        _json.WriteString("language", user.Language);
        _json.WriteString("userAgent", user.UserAgent);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteStartObject("data");
        if (padding > 0) _json.WriteString("note", new string('x', padding));
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
