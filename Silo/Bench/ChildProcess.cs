using System.Diagnostics;

namespace GrainPipeline.Silo.Bench;

/// <summary>Runs another grain-pipeline verb as its own process (the bench measures processes apart).</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<(string Text, TaskCompletionSource Seen)> _watches = [];

    private ChildProcess(Process process) => _process = process;

    /// <summary>Completes when the child prints a line containing <paramref name="text"/>; throws if it exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellation)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_watches) _watches.Add((text, seen));
        try
        {
            var first = await Task.WhenAny(seen.Task, _process.WaitForExitAsync(cancellation)).WaitAsync(timeout, cancellation);
            await first;
            if (first != seen.Task && !seen.Task.IsCompleted)
                throw new InvalidOperationException($"the child exited with {_process.ExitCode} before printing '{text}'");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the child did not print '{text}' within {timeout}");
        }
    }

    private void OnLine(string line)
    {
        lock (_watches)
        {
            foreach (var (text, seen) in _watches)
            {
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
            }
        }
    }

    public static ChildProcess Start(string arguments, IReadOnlyDictionary<string, string>? environment = null, string? logFile = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "grain-pipeline", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start: grain-pipeline {arguments}");
        var child = new ChildProcess(process);
        var log = logFile is null ? TextWriter.Null : TextWriter.Synchronized(new StreamWriter(logFile) { AutoFlush = true });
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            log.WriteLine(e.Data);
            child.OnLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the exit; on cancellation the caller's dispose ends the child.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout, string what, CancellationToken cancellation)
    {
        try
        {
            await _process.WaitForExitAsync(cancellation).WaitAsync(timeout, cancellation);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} did not finish within {timeout}");
        }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
