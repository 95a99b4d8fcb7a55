using System.Globalization;

namespace GrainPipeline.Stores.Local;

/// <summary>
/// A private PostgreSQL cluster in a temp directory, listening on 127.0.0.1 on a free port (fsync off by
/// default, trust auth), run as the postgres user when we are root. Stopped and the directory deleted on
/// dispose, or at process exit if never disposed.
/// </summary>
public sealed class LocalPostgresServer : IDisposable
{
    private const string ServiceUser = "postgres";
    private readonly string _bin;

    private readonly bool _fsync;

    private LocalPostgresServer(string bin, string directory, int port, bool fsync)
    {
        _bin = bin;
        _fsync = fsync;
        Directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Directory { get; }

    private string DataDirectory => Path.Combine(Directory, "data");

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>Keep up to 256 MiB of freed heap per backend; allocations under 32 MiB come from the heap.</summary>
    public const string HeapTunables = "glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432";

    /// <summary>Starts a new cluster; fsync stays off unless asked for (tests need speed, benchmarks may want the real cost).</summary>
    public static LocalPostgresServer Start(bool fsync = false)
    {
        var bin = ServerBinaries.PostgresBin();
        var directory = Path.Combine(Path.GetTempPath(), "gp-pg-" + Guid.NewGuid().ToString("N")[..12]);
        if (LocalProcess.IsRoot) LocalProcess.Run("install", ["-d", "-o", ServiceUser, "-g", ServiceUser, directory]);
        else System.IO.Directory.CreateDirectory(directory);
        var server = new LocalPostgresServer(bin, directory, LocalProcess.FreePort(), fsync);
        LocalServerJanitor.Track(server);
        try
        {
            LocalProcess.RunAs(ServiceUser, Path.Combine(bin, "initdb"),
                ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
            server.Launch();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>
    /// Starts the server. Its backends run with glibc's heap trimming held off: the pipeline's
    /// batched statements each take a few hundred KiB, and with the default thresholds every backend
    /// gave that back to the kernel after each statement (brk, unmap and a TLB flush across the
    /// cores) — 11 % of the server's CPU in a profile of the 150k drain, and 18 % less server CPU
    /// per event without it (BENCHMARKS.md). A production server wants the same setting.
    /// </summary>
    public void Launch() =>
        LocalProcess.RunAs(ServiceUser, "env",
        [
            $"GLIBC_TUNABLES={HeapTunables}",
            Path.Combine(_bin, "pg_ctl"),
            "-D", DataDirectory, "-l", Path.Combine(Directory, "log"), "-w", "-o",
            $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {Directory} -c listen_addresses=127.0.0.1 -c fsync={(_fsync ? "on" : "off")} -c max_connections=200",
            "start",
        ]);

    /// <summary>Stops at once (like a crash: no checkpoint); <see cref="Launch"/> starts it again.</summary>
    public void Stop()
    {
        if (System.IO.Directory.Exists(DataDirectory) && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            LocalProcess.RunAs(ServiceUser, Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
    }

    public void Dispose()
    {
        LocalServerJanitor.Forget(this);
        try
        {
            Stop();
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort; it is a temp directory.
            }
            catch (UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }
}
