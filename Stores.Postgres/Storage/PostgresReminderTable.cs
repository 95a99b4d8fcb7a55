using GrainPipeline.Runtime;
using GrainPipeline.Runtime.Timers;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>
/// Reminder rows in <c>reminders</c>, keyed by <see cref="ReminderEntry.Key"/> in byte order
/// (COLLATE "C"); pages are keyset reads. Times are stored as timestamptz/interval (microseconds).
/// </summary>
public sealed class PostgresReminderTable(PostgresContext context) : IReminderTable
{
    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return context.RunAsync("reminder upsert", entry, static async (source, e, token) =>
        {
            await using var command = source.CreateCommand("""
                INSERT INTO reminders (reminder_key, grain_type, grain_key, name, start_at, period) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (reminder_key) DO UPDATE SET start_at = EXCLUDED.start_at, period = EXCLUDED.period
                """);
            command.Add(e.Key);
            command.Add(e.GrainId.Type);
            command.Add(e.GrainId.Key);
            command.Add(e.Name);
            command.Add(SqlValues.Utc(e.StartAt));
            command.Add(e.Period);
            await command.ExecuteNonQueryAsync(token);
        }, cancellation);
    }

    public Task<bool> RemoveAsync(GrainId grainId, string reminderName, CancellationToken cancellation) =>
        context.RunAsync("reminder remove", new ReminderEntry(grainId, reminderName, default, default).Key, static async (source, key, token) =>
        {
            await using var command = source.CreateCommand("DELETE FROM reminders WHERE reminder_key = $1");
            command.Add(key);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellation);

    public Task<IReadOnlyList<ReminderEntry>> ReadPageAsync(string? afterKey, int pageSize, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        return context.RunAsync("reminder page", (afterKey, pageSize), static async (source, s, token) =>
        {
            await using var command = source.CreateCommand(s.afterKey is null
                ? "SELECT grain_type, grain_key, name, start_at, period FROM reminders ORDER BY reminder_key LIMIT $1"
                : "SELECT grain_type, grain_key, name, start_at, period FROM reminders WHERE reminder_key > $2 ORDER BY reminder_key LIMIT $1");
            command.Add(s.pageSize);
            if (s.afterKey is not null) command.Add(s.afterKey);
            var page = new List<ReminderEntry>(s.pageSize);
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                page.Add(new ReminderEntry(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<TimeSpan>(4)));
            }
            return (IReadOnlyList<ReminderEntry>)page;
        }, cancellation);
    }
}
