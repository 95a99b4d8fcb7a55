using System.Globalization;
using System.Text;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Postgres.Options;

namespace GrainPipeline.StoresBench;

/// <summary>Event appends one at a time vs. batched, and the pipeline's three per-event writes together.</summary>
internal static class PostgresBench
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string connectionString, BenchSettings settings)
    {
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var run = Guid.NewGuid().ToString("N")[..8];
        var payload = Encoding.UTF8.GetBytes(Payload());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"postgres: batch size {settings.BatchSize}, linger {settings.LingerMs} ms, {settings.Concurrency} statements in flight per table, payload {payload.Length} B"));

        await using (var single = await PostgresStores.StartAsync(Options(connectionString, settings, batchSize: 1, concurrency: 1, lingerMs: 0)))
        {
            await Measure.RateAsync("postgres events, 1 caller, batch size 1", 1, duration,
                (_, n) => single.Events.TryAppendAsync(Event($"{run}-s-{n}", n, payload), default));
        }

        await using var stores = await PostgresStores.StartAsync(Options(connectionString, settings, settings.BatchSize, settings.Concurrency, settings.LingerMs));
        var (rows0, batches0, _) = stores.EventWrites;
        await Measure.RateAsync("postgres events, batched", settings.Workers, duration,
            (_, n) => stores.Events.TryAppendAsync(Event($"{run}-b-{n}", n, payload), default),
            () => MeanBatch(stores.EventWrites, rows0, batches0));

        var (r0, b0, _) = stores.EventWrites;
        var (c0, cb0, _) = stores.CustomerWrites;
        await Measure.RateAsync("postgres per event: event + customer + visitor", settings.Workers, duration, async (_, n) =>
        {
            var client = $"c{n % 20_000}";
            await stores.Events.TryAppendAsync(Event($"{run}-p-{n}", n, payload, client), default);
            await Task.WhenAll(
                stores.Customers.RecordAsync(new CustomerActivity("bench.myshopify.com", client, T0.AddSeconds(n % 1000), null, 1, 0, 0m), default),
                stores.WeeklyVisitors.AddAsync("bench.myshopify.com", new DateOnly(2026, 10, 26), client, default));
        }, () => $"events {MeanBatch(stores.EventWrites, r0, b0)}, customers {MeanBatch(stores.CustomerWrites, c0, cb0)}");
    }

    private static PostgresOptions Options(string connectionString, BenchSettings settings, int batchSize, int concurrency, double lingerMs) => new()
    {
        ConnectionString = connectionString,
        WriteBatchSize = batchSize,
        WriteConcurrency = concurrency,
        WriteBatchLinger = TimeSpan.FromMilliseconds(lingerMs),
        MaxPoolSize = Math.Max(PostgresOptions.DefaultMaxPoolSize, (concurrency * 3) + 4),
    };

    private static StoredEvent Event(string id, long n, byte[] payload, string? client = null) =>
        new(id, "bench.myshopify.com", client ?? $"c{n % 20_000}", "page_viewed", T0.AddMilliseconds(n), (int)(n % 12), n, payload);

    private static string MeanBatch((long Rows, long Batches, int Queued) now, long rows0, long batches0) =>
        string.Create(CultureInfo.InvariantCulture, $"mean batch {(double)(now.Rows - rows0) / Math.Max(1, now.Batches - batches0):0.0} rows");

    /// <summary>A Web Pixel page_viewed event of typical size (~1 KB).</summary>
    private static string Payload() => """
        {"id":"sh-0b2a3c4d-5e6f-4a1b-9c8d-7e6f5a4b3c2d","name":"page_viewed","timestamp":"2026-11-02T09:00:00.000Z",
         "clientId":"0a1b2c3d-4e5f-6789-abcd-ef0123456789","seq":12,"type":"standard",
         "context":{"document":{"location":{"href":"https://bench.myshopify.com/products/widget?utm_source=google&utm_medium=cpc&utm_campaign=autumn&gclid=Cj0KCQjw",
           "host":"bench.myshopify.com","pathname":"/products/widget","search":"?utm_source=google&utm_medium=cpc&utm_campaign=autumn&gclid=Cj0KCQjw"},
           "referrer":"https://www.google.com/","title":"Widget – Bench Store","characterSet":"UTF-8"},
          "navigator":{"language":"en-US","cookieEnabled":true,"languages":["en-US","en"],
           "userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"},
          "window":{"innerHeight":900,"innerWidth":1440,"outerHeight":1000,"outerWidth":1440,"pageXOffset":0,"pageYOffset":0,
           "location":{"href":"https://bench.myshopify.com/products/widget"},"origin":"https://bench.myshopify.com","screen":{"height":1080,"width":1920},
           "screenX":0,"screenY":0,"scrollX":0,"scrollY":0}},
         "data":{}}
        """;
}
