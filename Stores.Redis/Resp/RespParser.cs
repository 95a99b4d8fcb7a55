using System.Buffers.Text;
using System.Text;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// Parses one RESP2 reply from the front of a buffer. Incomplete input is not an error: it returns
/// false and consumes nothing, and the caller reads more and tries again from the same place.
/// </summary>
internal static class RespParser
{
    /// <summary>Deepest array nesting accepted; Redis replies nest a few levels at most.</summary>
    public const int MaxDepth = 32;

    /// <summary>Largest bulk string the protocol allows (proto-max-bulk-len).</summary>
    public const long MaxBulkLength = 512L * 1024 * 1024;

    public static bool TryParse(ReadOnlySpan<byte> data, out RespValue value, out int consumed)
    {
        consumed = 0;
        return TryParseValue(data, ref consumed, 0, out value);
    }

    private static bool TryParseValue(ReadOnlySpan<byte> data, ref int position, int depth, out RespValue value)
    {
        value = default;
        var start = position;
        if (!TryReadLine(data, ref position, out var line)) return false;
        if (line.Length == 0) throw new RedisProtocolException("Empty RESP line.");
        var body = line[1..];
        switch (line[0])
        {
            case (byte)'+':
                value = RespValue.Simple(Encoding.UTF8.GetString(body));
                return true;
            case (byte)'-':
                value = RespValue.Error(Encoding.UTF8.GetString(body));
                return true;
            case (byte)':':
                value = RespValue.Integer(ParseInteger(body));
                return true;
            case (byte)'$':
                return TryParseBulk(data, ref position, start, ParseInteger(body), out value);
            case (byte)'*':
                return TryParseArray(data, ref position, start, ParseInteger(body), depth, out value);
            default:
                throw new RedisProtocolException($"Unknown RESP type byte 0x{line[0]:x2}.");
        }
    }

    private static bool TryParseBulk(ReadOnlySpan<byte> data, ref int position, int start, long length, out RespValue value)
    {
        value = default;
        if (length == -1)
        {
            value = RespValue.NullBulk;
            return true;
        }
        if (length is < 0 or > MaxBulkLength) throw new RedisProtocolException($"Bad bulk string length {length}.");
        if (data.Length - position < length + 2)
        {
            position = start;
            return false;
        }
        var bytes = data.Slice(position, (int)length).ToArray();
        position += (int)length;
        if (data[position] != '\r' || data[position + 1] != '\n') throw new RedisProtocolException("Bulk string not followed by CRLF.");
        position += 2;
        value = RespValue.Bulk(bytes);
        return true;
    }

    private static bool TryParseArray(ReadOnlySpan<byte> data, ref int position, int start, long count, int depth, out RespValue value)
    {
        value = default;
        if (count == -1)
        {
            value = RespValue.NullArray;
            return true;
        }
        if (count < 0 || count > int.MaxValue) throw new RedisProtocolException($"Bad array length {count}.");
        if (depth >= MaxDepth) throw new RedisProtocolException($"Arrays nested deeper than {MaxDepth}.");
        // Every element takes at least 3 bytes ("+\r\n"): don't allocate for items that cannot be here yet.
        if ((data.Length - position) / 3 < count)
        {
            position = start;
            return false;
        }
        var items = new RespValue[count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryParseValue(data, ref position, depth + 1, out items[i]))
            {
                position = start;
                return false;
            }
        }
        value = RespValue.Array(items);
        return true;
    }

    /// <summary>The line up to CRLF (exclusive); false when the CRLF has not arrived yet.</summary>
    private static bool TryReadLine(ReadOnlySpan<byte> data, ref int position, out ReadOnlySpan<byte> line)
    {
        var rest = data[position..];
        var cr = rest.IndexOf((byte)'\r');
        if (cr < 0 || cr + 1 >= rest.Length)
        {
            line = default;
            return false;
        }
        if (rest[cr + 1] != '\n') throw new RedisProtocolException("CR not followed by LF.");
        line = rest[..cr];
        position += cr + 2;
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> text)
    {
        if (!Utf8Parser.TryParse(text, out long number, out var used) || used != text.Length)
            throw new RedisProtocolException($"Bad RESP integer '{Encoding.ASCII.GetString(text)}'.");
        return number;
    }
}
