using GrainPipeline.Grains.Flushing;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// How long the process gives a stop after SIGTERM or Ctrl-C before it ends regardless (the
/// command-line library's ProcessTerminationTimeout, 2 s by default). A silo's stop is bounded by
/// its own settings, one after the other: the drain, the visitors' state writes and the final
/// flushes, then the stores close. This budget is their sum plus room for the close, read from the
/// same appsettings.json and environment as the silo, so raising a bound does not get the stop cut
/// short midway. A container's grace period should be at least as long (the Helm chart's is).
/// </summary>
internal static class ProcessStopBudget
{
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(60);

    /// <summary>After the flushes: the PostgreSQL batchers write what they hold and the Redis connection drains.</summary>
    public static readonly TimeSpan StoreClose = TimeSpan.FromSeconds(15);

    /// <summary>From appsettings.json and the environment, as the silo reads them (no flag sets these bounds).</summary>
    public static TimeSpan FromSiloConfiguration()
    {
        IConfiguration configuration;
        try
        {
            configuration = SiloConfiguration.Build(new Dictionary<string, string?>());
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            return Minimum; // a broken appsettings.json: the verb that reads it reports it
        }
        return FromConfiguration(configuration);
    }

    public static TimeSpan FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ingest = new IngestOptions();
        var runtime = new RuntimeOptions();
        var flusher = new FlusherOptions();
        try
        {
            configuration.GetSection(IngestOptions.Section).Bind(ingest);
            configuration.GetSection(RuntimeOptions.Section).Bind(runtime);
            configuration.GetSection(FlusherOptions.Section).Bind(flusher);
        }
        catch (InvalidOperationException)
        {
            return Minimum; // a value that does not parse: the silo's own start-up check names it
        }
        var stop = ingest.DrainTimeout + runtime.BulkDeactivationTimeout + flusher.HandOverTimeout + StoreClose;
        return stop > Minimum ? stop : Minimum;
    }
}
