using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Stores.Postgres.Hosting;
using GrainPipeline.Stores.Redis.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Silo.Hosting;

/// <summary>Opens the stores the options ask for: the composition root's one place that knows every adapter.</summary>
public static class StoreSets
{
    /// <summary>
    /// Checks the memory budget first (nothing is connected when it cannot fit), then connects to Redis
    /// and starts the PostgreSQL stores (migrations included) as <see cref="PipelineSiloOptions.Stores"/>
    /// says. An unreachable server throws <see cref="GrainPipeline.Stores.Abstractions.StoreUnavailableException"/>;
    /// a bad setting throws <see cref="OptionsValidationException"/> naming it. <paramref name="storeLatency"/>
    /// slows the in-memory stores only.
    /// </summary>
    public static async Task<StoreSet> OpenAsync(PipelineSiloOptions options, ILoggerFactory loggers, TimeSpan storeLatency = default,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        OptionsValidationException.ThrowIfAny(options.Validate());
        MemoryBudget.ThrowIfOverLimit(options);
        if (storeLatency > TimeSpan.Zero && options.Stores != StoreKind.Memory)
            throw new OptionsValidationException([$"--store-latency-ms slows the in-memory stores only; it cannot be used with Silo:Stores={options.Stores.Name()}."]);
        switch (options.Stores)
        {
            case StoreKind.RedisPostgres:
                var redis = await RedisStores.ConnectAsync(options.Redis, loggers, cancellation);
                try
                {
                    return StoreSet.RedisPostgres(redis, await PostgresStores.StartAsync(options.Postgres, loggers, cancellation));
                }
                catch
                {
                    await redis.DisposeAsync();
                    throw;
                }
            case StoreKind.Postgres:
                return StoreSet.PostgresOnly(await PostgresStores.StartAsync(options.Postgres, loggers, cancellation));
            default:
                return StoreSet.InMemory(storeLatency);
        }
    }
}
