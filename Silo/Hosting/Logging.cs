using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Hosting;

/// <summary>The console logger every verb uses: one line per entry, UTC timestamps.</summary>
internal static class Logging
{
    public static ILoggerFactory Create(LogLevel minimum) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimum)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));
}
