using System.Globalization;
using System.Text;

namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// A command encoded once, at creation, as a RESP2 array of bulk strings. The connection's writer
/// only copies these bytes into its batch, so encoding costs the caller, not the shared writer.
/// </summary>
public sealed class RespRequest
{
    private RespRequest(string command, byte[] bytes)
    {
        Command = command;
        Bytes = bytes;
    }

    /// <summary>The command name, for error messages.</summary>
    public string Command { get; }

    /// <summary>The encoded command, ready for the socket.</summary>
    public byte[] Bytes { get; }

    public static RespRequest Create(string command, params ReadOnlySpan<RespArg> args)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var commandBytes = Encoding.UTF8.GetByteCount(command);
        var total = HeaderLength(args.Length + 1) + HeaderLength(commandBytes) + commandBytes + 2;
        Span<int> lengths = args.Length <= 64 ? stackalloc int[args.Length] : new int[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            lengths[i] = args[i].ByteCount;
            total += HeaderLength(lengths[i]) + lengths[i] + 2;
        }

        var bytes = new byte[total];
        var span = bytes.AsSpan();
        var at = WriteHeader(span, '*', args.Length + 1);
        at += WriteHeader(span[at..], '$', commandBytes);
        at += Encoding.UTF8.GetBytes(command, span[at..]);
        at += WriteCrlf(span[at..]);
        for (var i = 0; i < args.Length; i++)
        {
            at += WriteHeader(span[at..], '$', lengths[i]);
            at += args[i].WriteTo(span[at..]);
            at += WriteCrlf(span[at..]);
        }
        return at == total ? new RespRequest(command, bytes) : throw new InvalidOperationException("RESP length mismatch.");
    }

    public override string ToString() => Command;

    private static int HeaderLength(int count) => 1 + RespArg.DigitCount(count) + 2;

    private static int WriteHeader(Span<byte> destination, char prefix, int count)
    {
        destination[0] = (byte)prefix;
        count.TryFormat(destination[1..], out var digits, provider: CultureInfo.InvariantCulture);
        return 1 + digits + WriteCrlf(destination[(1 + digits)..]);
    }

    private static int WriteCrlf(Span<byte> destination)
    {
        destination[0] = (byte)'\r';
        destination[1] = (byte)'\n';
        return 2;
    }
}
