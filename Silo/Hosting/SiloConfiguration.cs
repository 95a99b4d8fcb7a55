using GrainPipeline.Dashboard.Configuration;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// Builds the silo's options from appsettings.json, then environment variables
/// (<c>Ingest__MaxInFlightBytes</c>), then command-line flags — later sources win. Binding errors and
/// invalid values stop start-up with a message naming the setting.
/// </summary>
internal static class SiloConfiguration
{
    public static PipelineSiloOptions Load(IDictionary<string, string?> commandLine)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(commandLine)
            .Build();
        var options = new PipelineSiloOptions();
        Bind(configuration, IngestOptions.Section, options.Ingest);
        Bind(configuration, RuntimeOptions.Section, options.Runtime);
        Bind(configuration, StorageOptions.Section, options.GrainStorage);
        Bind(configuration, ReminderOptions.Section, options.Reminders);
        Bind(configuration, StageOptions.Section, options.Stages);
        Bind(configuration, FlusherOptions.Section, options.Flusher);
        Bind(configuration, DashboardOptions.Section, options.Dashboard);
        if (configuration["Silo:MemberName"] is { Length: > 0 } name) options.MemberName = name;
        BindSiloSection(configuration, options);
        OptionsValidationException.ThrowIfAny(options.Validate());
        return options;
    }

    private static void BindSiloSection(IConfiguration configuration, PipelineSiloOptions options)
    {
        var section = configuration.GetSection("Silo");
        try
        {
            if (section["MemoryLimitBytes"] is { } limit) options.MemoryLimitBytes = long.Parse(limit, System.Globalization.CultureInfo.InvariantCulture);
            if (section["MemorySafetyFraction"] is { } fraction) options.MemorySafetyFraction = double.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (FormatException e)
        {
            throw new OptionsValidationException([$"Silo: {e.Message}"]);
        }
    }

    private static void Bind(IConfiguration configuration, string section, object target)
    {
        try
        {
            configuration.GetSection(section).Bind(target, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException([$"{section}: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")}"]);
        }
    }
}
