using System.Buffers.Binary;

namespace GrainPipeline.Ingest.Membership;

/// <summary>
/// Reads the partitions out of a consumer-protocol member assignment (Kafka's ConsumerProtocol:
/// int16 version, then per topic a string and an int32 array of partitions, big-endian). Anything
/// malformed yields what was read so far: this is for display, never for decisions.
/// </summary>
public static class MemberAssignmentReader
{
    private const int MaxPartitions = 100_000;

    public static IReadOnlyList<int> Partitions(byte[]? assignment)
    {
        var partitions = new List<int>();
        if (assignment is null || assignment.Length < 6) return partitions;
        var data = assignment.AsSpan();
        var at = 2; // version
        if (!TryInt32(data, ref at, out var topics)) return partitions;
        for (var t = 0; t < topics; t++)
        {
            if (at + 2 > data.Length) break;
            var nameLength = BinaryPrimitives.ReadInt16BigEndian(data[at..]);
            at += 2 + Math.Max((short)0, nameLength);
            if (!TryInt32(data, ref at, out var count)) break;
            for (var p = 0; p < count && partitions.Count < MaxPartitions; p++)
            {
                if (!TryInt32(data, ref at, out var partition)) return Sorted(partitions);
                partitions.Add(partition);
            }
        }
        return Sorted(partitions);
    }

    private static List<int> Sorted(List<int> partitions)
    {
        partitions.Sort();
        return partitions;
    }

    private static bool TryInt32(ReadOnlySpan<byte> data, ref int at, out int value)
    {
        value = 0;
        if (at < 0 || at + 4 > data.Length) return false;
        value = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
        at += 4;
        return true;
    }
}
