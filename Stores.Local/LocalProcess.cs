using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GrainPipeline.Stores.Local;

/// <summary>Runs helper commands to completion and finds free loopback ports.</summary>
public static class LocalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a command and returns its output; a non-zero exit throws with stdout and stderr.</summary>
    public static string Run(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {output.Result}{error.Result}");
        return output.Result;
    }

    /// <summary>Runs as the given user (through runuser) when we are root, else as ourselves.</summary>
    public static string RunAs(string? user, string file, IEnumerable<string> args, TimeSpan? timeout = null) =>
        user is not null && IsRoot ? Run("runuser", ["-u", user, "--", file, .. args], timeout) : Run(file, args, timeout);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts TCP connections on the loopback port.</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Sends a signal to one process we started, by its id.</summary>
    public static void Signal(int pid, string signal) => Run("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
}
