using Microsoft.Extensions.Options;

namespace GrainPipeline.Collector.Options;

/// <summary>
/// Checks <see cref="CollectorOptions"/> before anything starts. Every message names the setting
/// as an operator writes it (<c>Collector:MaxEventBytes</c>), so a bad value is fixed in one go.
/// </summary>
public sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    private readonly Func<long?> _containerMemoryLimit;

    public CollectorOptionsValidator()
        : this(ContainerMemoryLimit.Read)
    {
    }

    /// <param name="containerMemoryLimit">Returns the cgroup memory limit in bytes, or null when unlimited.</param>
    public CollectorOptionsValidator(Func<long?> containerMemoryLimit) => _containerMemoryLimit = containerMemoryLimit;

    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Require(bool ok, string setting, string message)
        {
            if (!ok) errors.Add($"{CollectorOptions.SectionName}:{setting} {message}");
        }

        Require(!string.IsNullOrWhiteSpace(options.BootstrapServers), nameof(options.BootstrapServers), "is required (Kafka bootstrap.servers, e.g. 127.0.0.1:9092)");
        Require(!string.IsNullOrWhiteSpace(options.Topic), nameof(options.Topic), "must not be empty");
        Require(System.Net.IPAddress.TryParse(options.ListenAddress, out _), nameof(options.ListenAddress), $"must be an IP address, not '{options.ListenAddress}'");
        Require(options.Port is >= 0 and <= 65535, nameof(options.Port), $"must be between 0 and 65535 (0 = any free port), not {options.Port}");
        Require(options.MaxEventBytes is >= 256 and <= 4 * 1024 * 1024, nameof(options.MaxEventBytes), $"must be between 256 and 4194304, not {options.MaxEventBytes}");
        Require(options.MaxRequestBytes >= options.MaxEventBytes, nameof(options.MaxRequestBytes), $"({options.MaxRequestBytes}) must be at least Collector:MaxEventBytes ({options.MaxEventBytes})");
        Require(options.MaxRequestBytes <= 16 * 1024 * 1024, nameof(options.MaxRequestBytes), $"must be at most 16777216, not {options.MaxRequestBytes}");
        Require(options.MaxEventsPerRequest >= 1, nameof(options.MaxEventsPerRequest), $"must be at least 1, not {options.MaxEventsPerRequest}");
        Require(options.MaxInFlightRequests >= 1, nameof(options.MaxInFlightRequests), $"must be at least 1, not {options.MaxInFlightRequests}");
        // One admitted request must be able to hold a full-size body, or large requests starve.
        Require(options.MaxInFlightBytes >= options.MaxRequestBytes, nameof(options.MaxInFlightBytes), $"({options.MaxInFlightBytes}) must be at least Collector:MaxRequestBytes ({options.MaxRequestBytes})");
        Require(options.ProducerQueueMessages is >= 1 and <= 10_000_000, nameof(options.ProducerQueueMessages), $"must be between 1 and 10000000, not {options.ProducerQueueMessages}");
        Require(options.ProducerQueueKBytes is >= 1 and <= 2_097_151, nameof(options.ProducerQueueKBytes), $"must be between 1 and 2097151, not {options.ProducerQueueKBytes}");
        // A single event must fit into the producer queue, or it can never be accepted.
        Require(options.ProducerQueueKBytes * 1024L >= options.MaxEventBytes, nameof(options.ProducerQueueKBytes), $"({options.ProducerQueueKBytes} KiB) must hold at least one event of Collector:MaxEventBytes ({options.MaxEventBytes})");
        Require(options.DeliveryTimeoutMs is >= 100 and <= 300_000, nameof(options.DeliveryTimeoutMs), $"must be between 100 and 300000, not {options.DeliveryTimeoutMs}");
        Require(options.LingerMs >= 0 && options.LingerMs < options.DeliveryTimeoutMs, nameof(options.LingerMs), $"must be at least 0 and below Collector:DeliveryTimeoutMs, not {options.LingerMs}");
        Require(options.BodyReadTimeoutMs is >= 100 and <= 300_000, nameof(options.BodyReadTimeoutMs), $"must be between 100 and 300000, not {options.BodyReadTimeoutMs}");
        Require(options.RetryAfterSeconds is >= 1 and <= 3600, nameof(options.RetryAfterSeconds), $"must be between 1 and 3600, not {options.RetryAfterSeconds}");
        Require(options.MaxConcurrentConnections >= 1, nameof(options.MaxConcurrentConnections), $"must be at least 1, not {options.MaxConcurrentConnections}");
        Require(options.WebhookSecrets.TrueForAll(s => !string.IsNullOrEmpty(s)), nameof(options.WebhookSecrets), "must not contain empty secrets");
        Require(options.AllowedOrigins.TrueForAll(IsOrigin), nameof(options.AllowedOrigins), "must hold origins like https://shop.example.com (scheme and host, no path) or *");
        Require(options.PerShopEventsPerSecond >= 0 && double.IsFinite(options.PerShopEventsPerSecond), nameof(options.PerShopEventsPerSecond), $"must be 0 (off) or positive, not {options.PerShopEventsPerSecond}");
        if (options.PerShopEventsPerSecond > 0)
        {
            // A request is admitted whole or not at all, so the largest one must fit into a full bucket.
            Require(options.PerShopBurst >= options.MaxEventsPerRequest, nameof(options.PerShopBurst), $"({options.PerShopBurst}) must be at least Collector:MaxEventsPerRequest ({options.MaxEventsPerRequest})");
            Require(options.MaxTrackedShops >= 1, nameof(options.MaxTrackedShops), $"must be at least 1, not {options.MaxTrackedShops}");
        }

        errors.AddRange(options.Kafka.Validate());

        if (_containerMemoryLimit() is { } limit && options.MemoryBudgetBytes > limit * 3 / 4)
        {
            errors.Add(
                $"The collector's memory budget ({options.MemoryBudgetBytes / (1024 * 1024)} MiB = Collector:MaxInFlightBytes + Collector:ProducerQueueKBytes + " +
                $"Collector:MaxConcurrentConnections × {CollectorOptions.KestrelBytesPerConnection / 1024} KiB) exceeds 3/4 of the container memory limit " +
                $"({limit / (1024 * 1024)} MiB); lower those settings.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsOrigin(string origin) =>
        origin == "*" ||
        (Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
         uri.Scheme is "http" or "https" &&
         uri.AbsolutePath == "/" && !origin.EndsWith('/') && string.IsNullOrEmpty(uri.Query));
}
