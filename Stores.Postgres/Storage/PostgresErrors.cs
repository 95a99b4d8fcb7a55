using System.Net.Sockets;
using GrainPipeline.Stores.Abstractions;
using Npgsql;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// Sorts PostgreSQL failures into outages (the server is unreachable, restarting, overloaded, or a
/// transaction lost a deadlock/serialization race — retry later) and everything else (a bad row or
/// a bug — retrying will not help). Outages surface as <see cref="StoreUnavailableException"/>.
/// </summary>
internal static class PostgresErrors
{
    public static bool IsOutage(Exception error) => error switch
    {
        PostgresException server => server.IsTransient
            || server.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || server.SqlState.StartsWith("57P", StringComparison.Ordinal) // admin shutdown, cannot connect now
            || server.SqlState is "53300" or "55P03", // too many connections, lock not available
        NpgsqlException => true, // no server error: the connection itself failed or the pool is exhausted
        SocketException or IOException or TimeoutException => true,
        OperationCanceledException => true,
        _ => false,
    };

    /// <summary>The exception the caller should see: outages wrapped, cancellation and data errors as they are.</summary>
    public static Exception Translate(Exception error, string operation) => error switch
    {
        OperationCanceledException or StoreUnavailableException => error,
        _ when IsOutage(error) => new StoreUnavailableException($"PostgreSQL {operation} failed: {error.Message}", error),
        _ => error,
    };
}
