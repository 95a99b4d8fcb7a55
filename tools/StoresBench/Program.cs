using System.Globalization;
using GrainPipeline.Stores.Local;
using GrainPipeline.StoresBench;

// Short store benchmarks (see BENCHMARKS.md, Stores section). Starts private redis-server and PostgreSQL on
// loopback ports unless --redis host:port / --postgres "connection string" point at running ones.
var settings = BenchSettings.Parse(args);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {settings.Seconds} s per measurement"));

if (settings.Only is null or "redis")
{
    if (settings.Redis is { } endpoint)
    {
        var parts = endpoint.Split(':');
        await RedisBench.RunAsync(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), settings);
    }
    else
    {
        using var redis = LocalRedisServer.Start();
        await RedisBench.RunAsync("127.0.0.1", redis.Port, settings);
    }
}

if (settings.Only is null or "postgres")
{
    if (settings.Postgres is { } connection)
    {
        await PostgresBench.RunAsync(connection, settings);
    }
    else
    {
        using var postgres = LocalPostgresServer.Start(settings.Fsync);
        Console.WriteLine($"private PostgreSQL with fsync={(settings.Fsync ? "on" : "off")}");
        await PostgresBench.RunAsync(postgres.ConnectionString(), settings);
    }
}
