using System.Globalization;

namespace GrainPipeline.StoresBench;

/// <summary>Command-line settings: <c>--seconds 3 --workers 512 --only redis|postgres --redis host:port --postgres "conn" --fsync on --batch-size 500 --linger-ms 2 --concurrency 2</c>.</summary>
internal sealed record BenchSettings(double Seconds, int Workers, string? Only, string? Redis, string? Postgres, int BatchSize, double LingerMs, int Concurrency, bool Fsync)
{
    public static BenchSettings Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            map[args[i][2..]] = args[i + 1];
        }
        return new BenchSettings(
            Double(map, "seconds", 3), (int)Double(map, "workers", 512), map.GetValueOrDefault("only"),
            map.GetValueOrDefault("redis"), map.GetValueOrDefault("postgres"),
            (int)Double(map, "batch-size", 500), Double(map, "linger-ms", 2), (int)Double(map, "concurrency", 2),
            map.GetValueOrDefault("fsync") == "on");
    }

    private static double Double(Dictionary<string, string> map, string name, double fallback) =>
        map.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
