namespace GrainPipeline.Silo.Hosting;

/// <summary>The memory limit of the container this process runs in (cgroup v2 <c>memory.max</c>, else v1).</summary>
public static class ContainerMemory
{
    private const string CgroupV2 = "/sys/fs/cgroup/memory.max";
    private const string CgroupV1 = "/sys/fs/cgroup/memory/memory.limit_in_bytes";

    /// <summary>The limit in bytes; null when there is none (v2 "max", or v1's near-2^63 "unlimited").</summary>
    public static long? LimitBytes()
    {
        foreach (var path in new[] { CgroupV2, CgroupV1 })
        {
            if (!File.Exists(path)) continue;
            var text = File.ReadAllText(path).Trim();
            if (text == "max") return null;
            if (long.TryParse(text, out var bytes)) return bytes >= long.MaxValue / 2 ? null : bytes;
        }
        return null;
    }
}
