using GrainPipeline.Silo.Testing;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Integration.Tests;

public sealed class RecentLogTests
{
    [Fact]
    public void Keeps_only_the_last_lines_up_to_its_capacity_oldest_first()
    {
        using var log = new RecentLog();
        var logger = log.CreateLogger("GrainPipeline.Ingest.Pump.IngestPump");
        for (var i = 0; i < RecentLog.Capacity + 5; i++) Write(logger, LogLevel.Information, $"line {i}");

        var tail = log.Tail(RecentLog.Capacity * 2);
        tail.Should().HaveCount(RecentLog.Capacity, "the ring is bounded");
        tail[0].Should().EndWith($"Info IngestPump: line 5");
        tail[^1].Should().EndWith($"Info IngestPump: line {RecentLog.Capacity + 4}");
        log.Tail(2).Should().HaveCount(2).And.Subject.Last().Should().Be(tail[^1]);
    }

    [Fact]
    public void Drops_lines_below_its_level_and_names_the_exception()
    {
        using var log = new RecentLog(LogLevel.Information);
        var logger = log.CreateLogger("TestCluster");
        Write(logger, LogLevel.Debug, "too chatty");
        Write(logger, LogLevel.Warning, "hand-over late", new TimeoutException("slow"));

        log.Tail(10).Should().ContainSingle().Which.Should().EndWith("Warn TestCluster: hand-over late (TimeoutException: slow)");
    }

    [Fact]
    public void Writes_every_line_to_its_file_when_given_one()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var log = new RecentLog(LogLevel.Debug, path))
            {
                Write(log.CreateLogger("X"), LogLevel.Debug, "kept at debug");
            }
            File.ReadAllText(path).Should().Contain("Debu X: kept at debug");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A plain message at a level, as a silo's generated log methods write one.</summary>
    private static void Write(ILogger logger, LogLevel level, string message, Exception? error = null) =>
        logger.Log(level, default, message, error, static (text, _) => text);
}
