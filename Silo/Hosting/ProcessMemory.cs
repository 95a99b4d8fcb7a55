namespace GrainPipeline.Silo.Hosting;

/// <summary>Reads this process's memory figures from /proc/self/status.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MiB; 0 where /proc is unavailable.</summary>
    public static double PeakRssMiB() => ReadKiB("VmHWM:") / 1024.0;

    /// <summary>Current resident set size (VmRSS) in MiB.</summary>
    public static double RssMiB() => ReadKiB("VmRSS:") / 1024.0;

    private static long ReadKiB(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            var digits = line[field.Length..].Trim().Split(' ')[0];
            return long.TryParse(digits, out var kib) ? kib : 0;
        }
        return 0;
    }
}
