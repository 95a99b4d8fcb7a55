using System.Diagnostics;
using System.Text;

namespace GrainPipeline.Integration.Tests;

/// <summary>The grain-pipeline executable built next to the tests, run as a user runs it.</summary>
internal static class PipelineExecutable
{
    /// <summary>Runs the grain-pipeline executable built next to the tests; returns its exit code and everything it printed.</summary>
    public static Task<(int Exit, string Output)> RunAsync(TimeSpan timeout, params string[] args) =>
        RunAsync(timeout, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for this run only (settings such as <c>Kafka__SaslUsername</c>).</param>
    public static async Task<(int Exit, string Output)> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "grain-pipeline"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"grain-pipeline {string.Join(' ', args)} did not finish within {timeout}:\n{output}");
        }
        lock (output) return (process.ExitCode, output.ToString());
    }
}
