using System.Text;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Workload.Replay;

/// <summary>
/// A file of generated records, so a benchmark can produce the same data many times at the
/// broker's speed instead of the generator's. Each record: key (length-prefixed, -1 = null), value,
/// then its headers (count, then name/value pairs). Little-endian, no compression.
/// </summary>
public static class RecordFile
{
    public static long Write(string path, IEnumerable<GeneratedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        long count = 0;
        foreach (var record in records)
        {
            WriteBytes(writer, record.Key is null ? null : Encoding.UTF8.GetBytes(record.Key));
            WriteBytes(writer, record.Value);
            writer.Write(record.Headers.Count);
            foreach (var (name, value) in record.Headers)
            {
                writer.Write(name);
                writer.Write(value);
            }
            count++;
        }
        return count;
    }

    /// <summary>Streams the records back, one at a time (bounded memory whatever the file size).</summary>
    public static IEnumerable<RecordedMessage> Read(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        while (stream.Position < stream.Length)
        {
            var key = ReadBytes(reader);
            var value = ReadBytes(reader) ?? [];
            var headers = new KeyValuePair<string, string>[reader.ReadInt32()];
            for (var i = 0; i < headers.Length; i++) headers[i] = new(reader.ReadString(), reader.ReadString());
            yield return new RecordedMessage(key, value, headers);
        }
    }

    private static void WriteBytes(BinaryWriter writer, byte[]? bytes)
    {
        writer.Write(bytes?.Length ?? -1);
        if (bytes is not null) writer.Write(bytes);
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length < 0 ? null : reader.ReadBytes(length);
    }
}

/// <summary>One record as stored in a record file.</summary>
public sealed record RecordedMessage(byte[]? Key, byte[] Value, IReadOnlyList<KeyValuePair<string, string>> Headers);
