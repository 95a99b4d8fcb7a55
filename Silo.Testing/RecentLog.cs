using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Testing;

/// <summary>
/// The cluster's log as the silos wrote it, kept for a failure message: the last
/// <see cref="Capacity"/> lines in memory (a bounded ring, so a long run cannot grow it), and
/// every line appended to the file named by <c>GP_TEST_LOG</c> when that is set. A rebalance
/// that never completes on a CI machine is otherwise a timeout with no story behind it.
/// </summary>
public sealed class RecentLog : ILoggerProvider
{
    public const int Capacity = 400;

    private readonly Queue<string> _lines = new(Capacity);
    private readonly Lock _lock = new();
    private readonly StreamWriter? _file;
    private readonly LogLevel _minimum;

    public RecentLog(LogLevel minimum = LogLevel.Information, string? filePath = null)
    {
        _minimum = minimum;
        if (!string.IsNullOrEmpty(filePath)) _file = new StreamWriter(filePath, append: true) { AutoFlush = true };
    }

    /// <summary>A logger factory over a new log; <c>GP_TEST_LOG</c> (a file path) also records Debug lines there.</summary>
    public static (ILoggerFactory Loggers, RecentLog Log) CreateFactory()
    {
        var path = Environment.GetEnvironmentVariable("GP_TEST_LOG");
        var log = new RecentLog(string.IsNullOrEmpty(path) ? LogLevel.Information : LogLevel.Debug, path);
        var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(log._minimum).AddProvider(log));
        return (loggers, log);
    }

    /// <summary>The last <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<string> Tail(int count)
    {
        lock (_lock) return _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
    }

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
        lock (_lock) _file?.Dispose();
    }

    private void Add(string line)
    {
        lock (_lock)
        {
            if (_lines.Count == Capacity) _lines.Dequeue();
            _lines.Enqueue(line);
            _file?.WriteLine(line);
        }
    }

    private sealed class Writer(RecentLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= log._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var error = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel.ToString()[..4]} {category}: {formatter(state, exception)}{error}");
        }
    }
}
