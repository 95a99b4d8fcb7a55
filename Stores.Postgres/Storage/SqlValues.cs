using Npgsql;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>Small helpers for positional parameters and nullable columns.</summary>
internal static class SqlValues
{
    public static void Add(this NpgsqlCommand command, object? value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });

    public static void Add<T>(this NpgsqlCommand command, T? value, NpgsqlTypes.NpgsqlDbType type) =>
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = type });

    /// <summary>A positional array parameter, for the <c>unnest($n::type[])</c> of a multi-row statement.</summary>
    public static void AddArray<T>(this NpgsqlCommand command, T[] values, NpgsqlTypes.NpgsqlDbType element) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | element });

    public static object Utc(DateTimeOffset value) => value.ToUniversalTime();

    public static object UtcOrNull(DateTimeOffset? value) => value is { } v ? v.ToUniversalTime() : DBNull.Value;

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
