using System.Globalization;
using System.Text;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>One argument of a command: text (sent as UTF-8), an integer, or raw bytes.</summary>
public readonly struct RespArg : IEquatable<RespArg>
{
    private readonly string? _text;
    private readonly long _number;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly Kind _kind;

    private RespArg(string? text, long number, ReadOnlyMemory<byte> bytes, Kind kind)
    {
        _text = text;
        _number = number;
        _bytes = bytes;
        _kind = kind;
    }

    public static RespArg From(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), 0, default, Kind.Text);
    public static RespArg From(long number) => new(null, number, default, Kind.Number);
    public static RespArg From(ReadOnlyMemory<byte> bytes) => new(null, 0, bytes, Kind.Bytes);
    public static RespArg From(double number) => From(number.ToString("R", CultureInfo.InvariantCulture));

    public static implicit operator RespArg(string text) => From(text);
    public static implicit operator RespArg(long number) => From(number);
    public static implicit operator RespArg(int number) => From(number);
    public static implicit operator RespArg(byte[] bytes) => From(bytes);
    public static implicit operator RespArg(ReadOnlyMemory<byte> bytes) => From(bytes);

    /// <summary>Bytes of the argument's payload on the wire.</summary>
    internal int ByteCount => _kind switch
    {
        Kind.Text => Encoding.UTF8.GetByteCount(_text!),
        Kind.Number => DigitCount(_number),
        _ => _bytes.Length,
    };

    /// <summary>Writes the payload (no header) and returns the bytes written.</summary>
    internal int WriteTo(Span<byte> destination) => _kind switch
    {
        Kind.Text => Encoding.UTF8.GetBytes(_text!, destination),
        Kind.Number => _number.TryFormat(destination, out var written, provider: CultureInfo.InvariantCulture) ? written : throw new InvalidOperationException("Number did not fit."),
        _ => Copy(_bytes.Span, destination),
    };

    public override string ToString() => _kind switch
    {
        Kind.Text => _text!,
        Kind.Number => _number.ToString(CultureInfo.InvariantCulture),
        _ => $"<{_bytes.Length} bytes>",
    };

    public bool Equals(RespArg other) => _kind == other._kind && _number == other._number && _text == other._text && _bytes.Span.SequenceEqual(other._bytes.Span);

    public override bool Equals(object? obj) => obj is RespArg other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_kind, _number, _text);

    public static bool operator ==(RespArg left, RespArg right) => left.Equals(right);

    public static bool operator !=(RespArg left, RespArg right) => !left.Equals(right);

    internal static int DigitCount(long number)
    {
        if (number == long.MinValue) return 20;
        var digits = number < 0 ? 2 : 1;
        var n = Math.Abs(number);
        while (n >= 10)
        {
            n /= 10;
            digits++;
        }
        return digits;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private enum Kind : byte
    {
        Text,
        Number,
        Bytes,
    }
}
