using System.Globalization;

namespace GrainPipeline.Collector.Options;

/// <summary>
/// Reads the container's memory limit from cgroup v2 (<c>memory.max</c>), falling back to v1.
/// The collector's bounds are checked against it at start, so a pod refuses to start with
/// settings that could exceed its limit instead of being OOM-killed under load.
/// </summary>
public static class ContainerMemoryLimit
{
    private const string CgroupV2 = "/sys/fs/cgroup/memory.max";
    private const string CgroupV1 = "/sys/fs/cgroup/memory/memory.limit_in_bytes";

    // cgroup v1 reports "no limit" as a huge page-aligned number rather than "max".
    private const long V1Unlimited = long.MaxValue / 2;

    /// <returns>The limit in bytes, or null when there is none (or it cannot be read).</returns>
    public static long? Read() => Parse(TryRead(CgroupV2)) ?? Parse(TryRead(CgroupV1));

    internal static long? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (text == "max") return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)) return null;
        return bytes is <= 0 or >= V1Unlimited ? null : bytes;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
