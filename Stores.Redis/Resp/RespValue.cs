using System.Globalization;
using System.Text;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// One RESP2 reply. A struct: integers, statuses and nulls allocate nothing beyond the parse;
/// bulk strings keep their bytes, arrays their items.
/// </summary>
public readonly struct RespValue : IEquatable<RespValue>
{
    private static readonly string Ok = "OK";
    private static readonly string Pong = "PONG";

    private readonly long _integer;
    private readonly object? _payload;

    private RespValue(RespType type, long integer, object? payload, bool isNull)
    {
        Type = type;
        _integer = integer;
        _payload = payload;
        IsNull = isNull;
    }

    public RespType Type { get; }

    /// <summary>A null bulk string (<c>$-1</c>) or null array (<c>*-1</c>).</summary>
    public bool IsNull { get; }

    public static RespValue NullBulk { get; } = new(RespType.BulkString, 0, null, isNull: true);
    public static RespValue NullArray { get; } = new(RespType.Array, 0, null, isNull: true);

    public static RespValue Simple(string text) => new(RespType.SimpleString, 0, Intern(text), false);
    public static RespValue Error(string message) => new(RespType.Error, 0, message, false);
    public static RespValue Integer(long value) => new(RespType.Integer, value, null, false);
    public static RespValue Bulk(byte[] bytes) => new(RespType.BulkString, 0, bytes, false);
    public static RespValue Bulk(string text) => Bulk(Encoding.UTF8.GetBytes(text));
    public static RespValue Array(RespValue[] items) => new(RespType.Array, 0, items, false);

    /// <summary>The error text of an <see cref="RespType.Error"/> reply.</summary>
    public string ErrorMessage => Type == RespType.Error ? (string)_payload! : throw Unexpected("an error");

    /// <summary>An integer reply, or a bulk/simple string holding an integer.</summary>
    public long AsInt64() => Type switch
    {
        RespType.Integer => _integer,
        RespType.BulkString when !IsNull => long.Parse(Encoding.ASCII.GetString((byte[])_payload!), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        RespType.SimpleString => long.Parse((string)_payload!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        _ => throw Unexpected("an integer"),
    };

    /// <summary>The text of a simple or bulk string (UTF-8); null for a null bulk string.</summary>
    public string? AsString() => Type switch
    {
        RespType.SimpleString => (string)_payload!,
        RespType.BulkString => IsNull ? null : Encoding.UTF8.GetString((byte[])_payload!),
        RespType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => throw Unexpected("a string"),
    };

    /// <summary>The bytes of a bulk string; null for a null bulk string.</summary>
    public byte[]? AsBytes() => Type switch
    {
        RespType.BulkString => IsNull ? null : (byte[])_payload!,
        RespType.SimpleString => Encoding.UTF8.GetBytes((string)_payload!),
        _ => throw Unexpected("a bulk string"),
    };

    /// <summary>The items of an array; null for a null array.</summary>
    public RespValue[]? AsArray() => Type == RespType.Array ? (IsNull ? null : (RespValue[])_payload!) : throw Unexpected("an array");

    /// <summary>The items of an array, an empty one for a null array.</summary>
    public RespValue[] Items => AsArray() ?? [];

    public bool IsOk => Type == RespType.SimpleString && (string)_payload! == Ok;

    public bool Equals(RespValue other)
    {
        if (Type != other.Type || IsNull != other.IsNull || _integer != other._integer) return false;
        return (_payload, other._payload) switch
        {
            (null, null) => true,
            (string a, string b) => a == b,
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (RespValue[] a, RespValue[] b) => a.AsSpan().SequenceEqual(b),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is RespValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, IsNull, _integer);

    public static bool operator ==(RespValue left, RespValue right) => left.Equals(right);

    public static bool operator !=(RespValue left, RespValue right) => !left.Equals(right);

    public override string ToString() => Type switch
    {
        RespType.SimpleString => "+" + _payload,
        RespType.Error => "-" + _payload,
        RespType.Integer => ":" + _integer.ToString(CultureInfo.InvariantCulture),
        RespType.BulkString => IsNull ? "(nil)" : "\"" + Encoding.UTF8.GetString((byte[])_payload!) + "\"",
        _ => IsNull ? "(nil array)" : "[" + string.Join(", ", ((RespValue[])_payload!).Select(v => v.ToString())) + "]",
    };

    private static string Intern(string text) => text == Ok ? Ok : text == Pong ? Pong : text;

    private InvalidOperationException Unexpected(string wanted) => new($"Expected {wanted} reply, got {this}.");
}
