using GrainPipeline.Runtime.Storage;
using GrainPipeline.Runtime.Timers;
using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Redis.Options;
using GrainPipeline.Stores.Redis.Resp;
using GrainPipeline.Stores.Redis.Storage;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Stores.Redis.Hosting;

/// <summary>
/// The Redis adapters of one silo over its one connection. Made once by the composition root with
/// <see cref="ConnectAsync"/>; disposing it lets queued commands finish (bounded) and closes the connection.
/// </summary>
public sealed class RedisStores : IAsyncDisposable
{
    private RedisStores(RedisConnection connection)
    {
        Connection = connection;
        StatsBuffer = new RedisProductStatsBuffer(connection);
        WeeklyVisitors = new RedisWeeklyVisitorStore(connection);
        GrainStorage = new RedisGrainStorage(connection);
        Reminders = new RedisReminderTable(connection);
    }

    public RedisConnection Connection { get; }

    public IProductStatsBuffer StatsBuffer { get; }

    public IWeeklyVisitorStore WeeklyVisitors { get; }

    public IGrainStorage GrainStorage { get; }

    public IReminderTable Reminders { get; }

    /// <summary>
    /// Validates the options (throwing <see cref="GrainPipeline.Runtime.Configuration.OptionsValidationException"/>
    /// naming each bad setting), connects (or throws <see cref="StoreUnavailableException"/>) and loads every script once.
    /// </summary>
    public static async Task<RedisStores> ConnectAsync(RedisOptions options, ILoggerFactory? loggers = null, CancellationToken cancellation = default)
    {
        var connection = await RedisConnection.ConnectAsync(options, loggers?.CreateLogger("GrainPipeline.Stores.Redis"), cancellation);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(options.CommandTimeout);
            var scripts = RedisProductStatsBuffer.Scripts.Concat(RedisGrainStorage.Scripts).Concat(RedisReminderTable.Scripts);
            await Task.WhenAll(scripts.Select(script => connection.ScriptLoadAsync(script, deadline.Token)));
            return new RedisStores(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
