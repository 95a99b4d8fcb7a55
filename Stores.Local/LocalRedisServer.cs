using System.Diagnostics;
using System.Globalization;

namespace GrainPipeline.Stores.Local;

/// <summary>
/// A private redis-server bound to 127.0.0.1 on a free port, no persistence, in its own temp directory.
/// Stopped (by its process id) and the directory deleted on dispose, or at process exit if never disposed.
/// </summary>
public sealed class LocalRedisServer : IDisposable
{
    private readonly string _binary;
    private readonly string[] _extraArgs;

    private LocalRedisServer(string binary, string directory, int port, string[] extraArgs)
    {
        _binary = binary;
        Directory = directory;
        Port = port;
        _extraArgs = extraArgs;
    }

    public int Port { get; }

    public string Directory { get; }

    public int Pid { get; private set; }

    /// <summary><c>127.0.0.1:port</c>, the form <c>--redis</c> takes.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static LocalRedisServer Start(params string[] extraArgs) => Start(LocalProcess.FreePort(), extraArgs);

    /// <summary>Starts on the given port (the TLS tests pass <c>--port 0 --tls-port P</c> in <paramref name="extraArgs"/>).</summary>
    public static LocalRedisServer Start(int port, params string[] extraArgs)
    {
        var binary = ServerBinaries.RedisServer();
        var directory = System.IO.Directory.CreateTempSubdirectory("gp-redis-").FullName;
        var server = new LocalRedisServer(binary, directory, port, extraArgs);
        LocalServerJanitor.Track(server);
        try
        {
            server.Launch();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    public void Launch()
    {
        var pidFile = Path.Combine(Directory, "redis.pid");
        if (File.Exists(pidFile)) File.Delete(pidFile);
        string[] args =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--dir", Directory, "--pidfile", pidFile, "--logfile", Path.Combine(Directory, "redis.log"),
            .. _extraArgs,
        ];
        LocalProcess.Run(_binary, args);
        var until = Stopwatch.StartNew();
        while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
        {
            if (until.Elapsed > TimeSpan.FromSeconds(10))
                throw new InvalidOperationException($"redis-server did not start: {File.ReadAllText(Path.Combine(Directory, "redis.log"))}");
            Thread.Sleep(10);
        }
        Pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        var listenPort = Array.IndexOf(_extraArgs, "--tls-port") is var i and >= 0 ? int.Parse(_extraArgs[i + 1], CultureInfo.InvariantCulture) : Port;
        LocalProcess.WaitForPortAsync(listenPort, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }

    /// <summary>Kills the server (like a crash); <see cref="Launch"/> starts it again on the same port, empty.</summary>
    public void Kill()
    {
        if (Pid == 0) return;
        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        Pid = 0;
    }

    public void Pause() => LocalProcess.Signal(Pid, "STOP");

    public void Resume() => LocalProcess.Signal(Pid, "CONT");

    public void Dispose()
    {
        LocalServerJanitor.Forget(this);
        Kill();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; it is a temp directory.
        }
    }
}
