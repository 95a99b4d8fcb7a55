using GrainPipeline.Kafka.Contract;
using GrainPipeline.Kafka.Security;

namespace GrainPipeline.Collector.Options;

/// <summary>
/// Settings of the collector, bound from the <c>Collector</c> configuration section
/// (appsettings.json → <c>Collector__MaxEventBytes</c> environment variables → command line).
/// Every bound on memory is one of these, with a default that fits a small pod.
/// </summary>
public sealed class CollectorOptions
{
    public const string SectionName = "Collector";

    public const int DefaultPort = 8081;
    public const string DefaultListenAddress = "127.0.0.1";
    public const int DefaultMaxEventBytes = 64 * 1024;
    public const int DefaultMaxRequestBytes = 1024 * 1024;
    public const int DefaultMaxEventsPerRequest = 500;
    public const int DefaultMaxInFlightRequests = 256;
    public const long DefaultMaxInFlightBytes = 32L * 1024 * 1024;
    public const int DefaultProducerQueueMessages = 100_000;
    public const int DefaultProducerQueueKBytes = 64 * 1024;
    public const int DefaultDeliveryTimeoutMs = 4_000;
    public const int DefaultLingerMs = 5;
    public const int DefaultRetryAfterSeconds = 1;
    public const int DefaultBodyReadTimeoutMs = 10_000;
    public const int DefaultMaxConcurrentConnections = 512;
    public const double DefaultPerShopEventsPerSecond = 1_000;
    public const int DefaultPerShopBurst = 2_000;
    public const int DefaultMaxTrackedShops = 100_000;

    /// <summary>Kafka <c>bootstrap.servers</c>. Required.</summary>
    public string BootstrapServers { get; set; } = "";

    public string Topic { get; set; } = Topics.Events;

    /// <summary>Address Kestrel binds to; 127.0.0.1 by default, 0.0.0.0 in a pod.</summary>
    public string ListenAddress { get; set; } = DefaultListenAddress;

    /// <summary>HTTP port; 0 picks a free one (tests, the in-process demo).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Largest single pixel event, in bytes of its JSON text.</summary>
    public int MaxEventBytes { get; set; } = DefaultMaxEventBytes;

    /// <summary>Largest request body (pixel batch or webhook), in bytes.</summary>
    public int MaxRequestBytes { get; set; } = DefaultMaxRequestBytes;

    public int MaxEventsPerRequest { get; set; } = DefaultMaxEventsPerRequest;

    /// <summary>Requests admitted at once (body read, produce, wait for acks); more get 503.</summary>
    public int MaxInFlightRequests { get; set; } = DefaultMaxInFlightRequests;

    /// <summary>Request body bytes held at once by admitted requests; more get 503.</summary>
    public long MaxInFlightBytes { get; set; } = DefaultMaxInFlightBytes;

    /// <summary>librdkafka <c>queue.buffering.max.messages</c>: a full queue answers 503, never waits.</summary>
    public int ProducerQueueMessages { get; set; } = DefaultProducerQueueMessages;

    /// <summary>librdkafka <c>queue.buffering.max.kbytes</c>.</summary>
    public int ProducerQueueKBytes { get; set; } = DefaultProducerQueueKBytes;

    /// <summary>
    /// librdkafka <c>message.timeout.ms</c>: how long a record may wait for the broker's ack before
    /// the request gets 503. Shopify gives a webhook about 5 s, so the default stays under it.
    /// </summary>
    public int DeliveryTimeoutMs { get; set; } = DefaultDeliveryTimeoutMs;

    public int LingerMs { get; set; } = DefaultLingerMs;

    /// <summary>
    /// Time a client has to send its whole body once admitted; then 408. An admitted request holds
    /// budget, so without this a few slow clients could hold all of it and refuse everyone else.
    /// </summary>
    public int BodyReadTimeoutMs { get; set; } = DefaultBodyReadTimeoutMs;

    /// <summary>Value of the Retry-After header on 503 and 429 answers.</summary>
    public int RetryAfterSeconds { get; set; } = DefaultRetryAfterSeconds;

    /// <summary>Kestrel connection cap; every connection may hold header and body buffers.</summary>
    public int MaxConcurrentConnections { get; set; } = DefaultMaxConcurrentConnections;

    /// <summary>Shopify app client secrets; the first is current, the rest are accepted during rotation.</summary>
    public List<string> WebhookSecrets { get; } = [];

    /// <summary>Storefront origins allowed to POST pixel events from a browser; "*" allows any.</summary>
    public List<string> AllowedOrigins { get; } = [];

    /// <summary>How the producer authenticates to Kafka: the process-wide <c>Kafka</c> section, as the silo reads it.</summary>
    public KafkaSecurityOptions Kafka { get; } = new();

    /// <summary>Sustained pixel events per second per shop; 0 turns the per-shop limit off.</summary>
    public double PerShopEventsPerSecond { get; set; } = DefaultPerShopEventsPerSecond;

    /// <summary>Token-bucket size per shop: the burst a shop may send at once.</summary>
    public int PerShopBurst { get; set; } = DefaultPerShopBurst;

    /// <summary>Shops tracked by the rate limiter at once; idle shops are evicted first.</summary>
    public int MaxTrackedShops { get; set; } = DefaultMaxTrackedShops;

    /// <summary>
    /// Worst-case bytes this configuration may hold: admitted bodies, their copies in the producer
    /// queue, and Kestrel's per-connection buffers. Checked against the container limit at start.
    /// </summary>
    public long MemoryBudgetBytes =>
        MaxInFlightBytes + (ProducerQueueKBytes * 1024L) + (MaxConcurrentConnections * (long)KestrelBytesPerConnection);

    /// <summary>Kestrel's request buffer cap (set by the host) plus its header size limit.</summary>
    internal const int KestrelBytesPerConnection = (64 + 32) * 1024;
}
