using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Stores.Postgres.Batching;

namespace GrainPipeline.Stores.Postgres.Storage;

/// <summary>Customer profiles in <c>customers</c>: activity folds in through the <see cref="CustomerWriteBatcher"/>.</summary>
public sealed class PostgresCustomerStore(PostgresContext context, CustomerWriteBatcher writes) : ICustomerStore
{
    public Task RecordAsync(CustomerActivity activity, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return writes.EnqueueAsync(activity, cancellation);
    }

    public Task<CustomerProfile?> GetAsync(string shop, string clientId, CancellationToken cancellation) =>
        context.RunAsync("customer read", (shop, clientId), static async (source, k, token) =>
        {
            await using var command = source.CreateCommand(
                "SELECT first_seen, last_seen, email, events, orders, revenue FROM customers WHERE shop = $1 AND client_id = $2");
            command.Add(k.shop);
            command.Add(k.clientId);
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token)) return null;
            return new CustomerProfile(k.shop, k.clientId, reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1),
                reader.NullableString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetDecimal(5));
        }, cancellation);
}
