namespace GrainPipeline.Stores.Local;

/// <summary>Finds redis-server and the PostgreSQL server binaries, or says plainly how to get them.</summary>
public static class ServerBinaries
{
    private const string Hint = "`./pipeline` installs it (Debian packages redis-server and postgresql); by hand: apt-get install -y redis-server postgresql";

    public static string RedisServer() =>
        FindOnPath("redis-server") ?? throw new InvalidOperationException($"redis-server was not found on PATH. {Hint}.");

    /// <summary>The bin directory of the newest installed PostgreSQL (holding initdb and pg_ctl).</summary>
    public static string PostgresBin()
    {
        const string Root = "/usr/lib/postgresql";
        var bin = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        bin ??= FindOnPath("initdb") is { } initdb ? Path.GetDirectoryName(initdb) : null;
        return bin ?? throw new InvalidOperationException($"PostgreSQL's initdb/pg_ctl were not found under {Root}/*/bin or on PATH. {Hint}.");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
