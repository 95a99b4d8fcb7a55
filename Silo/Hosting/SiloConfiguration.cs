using GrainPipeline.Dashboard.Configuration;
using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Kafka.Security;
using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Stores.Postgres.Options;
using GrainPipeline.Stores.Redis.Options;
using Microsoft.Extensions.Configuration;

namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// Builds the silo's options from appsettings.json, then environment variables
/// (<c>Ingest__MaxInFlightBytes</c>), then command-line flags — later sources win. Binding errors and
/// invalid values stop start-up with a message naming the setting.
/// </summary>
internal static class SiloConfiguration
{
    /// <summary>The merged sources, for questions asked before binding (which stores, is Redis configured at all).</summary>
    public static IConfiguration Build(IDictionary<string, string?> commandLine) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(commandLine)
            .Build();

    /// <summary>The store kind the merged sources ask for (Silo:Stores), or a message naming the setting.</summary>
    public static StoreKind StoreKindOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration["Silo:Stores"];
        if (string.IsNullOrWhiteSpace(text)) return StoreKind.Memory;
        return StoreKinds.TryParse(text, out var kind)
            ? kind
            : throw new OptionsValidationException([$"Silo:Stores must be one of {string.Join(", ", StoreKinds.Names)} (got '{text}')."]);
    }

    /// <summary>True when some source names the Redis server (Redis:Host or Redis:Port), rather than relying on the 127.0.0.1:6379 default.</summary>
    public static bool RedisEndpointGiven(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:Host"]) || !string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:Port"]);

    public static bool PostgresConnectionGiven(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{PostgresOptions.Section}:ConnectionString"]);

    public static PipelineSiloOptions Load(IDictionary<string, string?> commandLine)
    {
        var configuration = Build(commandLine);
        var options = new PipelineSiloOptions();
        Bind(configuration, IngestOptions.Section, options.Ingest);
        Bind(configuration, KafkaSecurityOptions.Section, options.Kafka);
        Bind(configuration, RuntimeOptions.Section, options.Runtime);
        Bind(configuration, StorageOptions.Section, options.GrainStorage);
        Bind(configuration, ReminderOptions.Section, options.Reminders);
        Bind(configuration, StageOptions.Section, options.Stages);
        Bind(configuration, FlusherOptions.Section, options.Flusher);
        Bind(configuration, DashboardOptions.Section, options.Dashboard);
        Bind(configuration, RedisOptions.Section, options.Redis);
        Bind(configuration, PostgresOptions.Section, options.Postgres);
        options.Stores = StoreKindOf(configuration);
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
            if (section["SingleSilo"] is { Length: > 0 } single) options.SingleSilo = bool.Parse(single);
        }
        catch (FormatException e)
        {
            throw new OptionsValidationException([$"Silo: {e.Message}"]);
        }
    }

    /// <summary>
    /// The Kafka section alone, from the same sources as the silo (for verbs that read Kafka but run no
    /// silo); a value that does not bind stops with the setting named.
    /// </summary>
    public static KafkaSecurityOptions LoadKafkaSecurity()
    {
        var security = new KafkaSecurityOptions();
        Bind(Build(new Dictionary<string, string?>()), KafkaSecurityOptions.Section, security);
        return security;
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
