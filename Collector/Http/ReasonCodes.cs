namespace GrainPipeline.Collector.Http;

/// <summary>
/// The <c>title</c> of every error answer and the <c>reason</c> tag of the rejection counter.
/// Clients and dashboards switch on these, so they only ever gain members.
/// </summary>
public static class ReasonCodes
{
    public const string Malformed = "malformed";
    public const string TooLarge = "too_large";
    public const string BadShop = "bad_shop";
    public const string IncompleteBody = "incomplete_body";
    public const string BodyTimeout = "body_timeout";
    public const string MissingHeader = "missing_header";
    public const string BadSignature = "bad_signature";
    public const string RateLimited = "rate_limited";
    public const string ShopTableFull = "shop_table_full";
    public const string RequestBudget = "request_budget";
    public const string ProducerQueueFull = "producer_queue_full";
    public const string BrokerUnavailable = "broker_unavailable";
    public const string TooLargeForBroker = "too_large_for_broker";
}
