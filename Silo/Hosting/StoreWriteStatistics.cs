namespace GrainPipeline.Silo.Hosting;

/// <summary>
/// How the store writes were coalesced: PostgreSQL rows per batched statement (events, customers,
/// weekly visitors, ad leads, and the stats buffer's increments where it is PostgreSQL's) and Redis
/// commands per socket write. Zero where the store kind does not use them. Names are a contract for
/// scripts (they appear in the summaries' JSON).
/// </summary>
public sealed record StoreWriteStatistics
{
    public string Stores { get; init; } = StoreKinds.Memory;
    public long PostgresEventRows { get; init; }
    public long PostgresEventStatements { get; init; }
    public long PostgresCustomerRows { get; init; }
    public long PostgresCustomerStatements { get; init; }
    public long PostgresVisitorRows { get; init; }
    public long PostgresVisitorStatements { get; init; }
    public long PostgresAdLeadRows { get; init; }
    public long PostgresAdLeadStatements { get; init; }
    public long PostgresStatsIncrementRows { get; init; }
    public long PostgresStatsIncrementStatements { get; init; }
    public long RedisCommands { get; init; }
    public long RedisSocketWrites { get; init; }

    public double EventRowsPerStatement => Ratio(PostgresEventRows, PostgresEventStatements);
    public double CustomerRowsPerStatement => Ratio(PostgresCustomerRows, PostgresCustomerStatements);
    public double RedisCommandsPerWrite => Ratio(RedisCommands, RedisSocketWrites);

    public static StoreWriteStatistics Of(StoreSet stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        var events = stores.Postgres?.EventWrites ?? default;
        var customers = stores.Postgres?.CustomerWrites ?? default;
        var visitors = stores.Postgres?.VisitorWrites ?? default;
        var adLeads = stores.Postgres?.AdLeadWrites ?? default;
        var statsIncrements = stores.Postgres?.StatsIncrements ?? default;
        var redis = stores.Redis?.Connection.Counters;
        return new StoreWriteStatistics
        {
            Stores = stores.Kind.Name(),
            PostgresEventRows = events.Rows,
            PostgresEventStatements = events.Batches,
            PostgresCustomerRows = customers.Rows,
            PostgresCustomerStatements = customers.Batches,
            PostgresVisitorRows = visitors.Rows,
            PostgresVisitorStatements = visitors.Batches,
            PostgresAdLeadRows = adLeads.Rows,
            PostgresAdLeadStatements = adLeads.Batches,
            PostgresStatsIncrementRows = statsIncrements.Rows,
            PostgresStatsIncrementStatements = statsIncrements.Batches,
            RedisCommands = redis?.CommandsSent ?? 0,
            RedisSocketWrites = redis?.SocketWrites ?? 0,
        };
    }

    private static double Ratio(long a, long b) => b == 0 ? 0 : Math.Round((double)a / b, 1);
}
