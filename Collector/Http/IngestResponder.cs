using GrainPipeline.Collector.Diagnostics;
using GrainPipeline.Collector.Options;
using GrainPipeline.Collector.Producing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GrainPipeline.Collector.Http;

/// <summary>
/// What both endpoints share: admission against the request budget, the body read, and turning
/// outcomes into answers while counting them, so pixel and webhook requests behave alike under load.
/// </summary>
public sealed class IngestResponder(CollectorOptions options, RequestBudget budget, CollectorInstruments instruments, ILogger<IngestResponder> logger)
{
    private readonly TimeSpan _retryAfter = TimeSpan.FromSeconds(options.RetryAfterSeconds);

    public int MaxRequestBytes => options.MaxRequestBytes;

    /// <summary>
    /// Reserves budget for the body before reading it (its declared length, or the request limit when
    /// chunked), so bodies held in memory never exceed <c>Collector:MaxInFlightBytes</c>.
    /// </summary>
    public RequestBudget.Lease? TryAdmit(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var declared = context.Request.ContentLength;
        return budget.TryAcquire(declared is { } n && n <= options.MaxRequestBytes ? n : options.MaxRequestBytes);
    }

    internal Task<BodyResult> ReadBodyAsync(HttpContext context) =>
        RequestBody.ReadAsync(context, options.MaxRequestBytes, TimeSpan.FromMilliseconds(options.BodyReadTimeoutMs));

    /// <summary>The answer for a body that was not read whole; null when it was.</summary>
    internal IResult? Unread(BodyResult body, string endpoint, string shop) => body.Status switch
    {
        BodyStatus.TooLarge => BodyTooLarge(endpoint, shop),
        BodyStatus.Incomplete => BodyIncomplete(endpoint, shop),
        BodyStatus.TimedOut => Refuse(endpoint, shop, StatusCodes.Status408RequestTimeout, ReasonCodes.BodyTimeout,
            $"the body did not arrive within {options.BodyReadTimeoutMs} ms (Collector:BodyReadTimeoutMs)"),
        _ => null,
    };

    public IResult Refuse(string endpoint, string shop, int status, string reason, string detail)
    {
        Count(endpoint, shop, status, reason);
        return Answers.Problem(status, reason, detail);
    }

    public IResult RetryLater(HttpContext context, string endpoint, string shop, int status, string reason, string detail, TimeSpan? after = null)
    {
        Count(endpoint, shop, status, reason);
        return Answers.RetryLater(context, status, reason, detail, after ?? _retryAfter);
    }

    public IResult Overloaded(HttpContext context, string endpoint, string shop) =>
        RetryLater(context, endpoint, shop, StatusCodes.Status503ServiceUnavailable, ReasonCodes.RequestBudget,
            "too many requests in flight (Collector:MaxInFlightRequests / Collector:MaxInFlightBytes); retry after the given seconds");

    public IResult BodyTooLarge(string endpoint, string shop) =>
        Refuse(endpoint, shop, StatusCodes.Status413PayloadTooLarge, ReasonCodes.TooLarge,
            $"the request body is over {options.MaxRequestBytes} bytes (Collector:MaxRequestBytes)");

    public IResult BodyIncomplete(string endpoint, string shop) =>
        Refuse(endpoint, shop, StatusCodes.Status400BadRequest, ReasonCodes.IncompleteBody, "the request body ended before its declared length");

    /// <summary>Maps a produce outcome to the answer; <paramref name="accepted"/> is the 2xx result.</summary>
    public IResult Produced(HttpContext context, string endpoint, string source, string shop, ProduceOutcome outcome, int records, IResult accepted)
    {
        switch (outcome)
        {
            case ProduceOutcome.Acknowledged:
                instruments.Answered(endpoint, accepted is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200);
                CollectorLog.RequestAccepted(logger, source, records, shop);
                return accepted;
            case ProduceOutcome.QueueFull:
                return RetryLater(context, endpoint, shop, StatusCodes.Status503ServiceUnavailable, ReasonCodes.ProducerQueueFull,
                    "the producer queue is full (Collector:ProducerQueueMessages / Collector:ProducerQueueKBytes); retry after the given seconds");
            case ProduceOutcome.Rejected:
                return Refuse(endpoint, shop, StatusCodes.Status413PayloadTooLarge, ReasonCodes.TooLargeForBroker,
                    "the broker refused a record as too large");
            default:
                return RetryLater(context, endpoint, shop, StatusCodes.Status503ServiceUnavailable, ReasonCodes.BrokerUnavailable,
                    "the broker did not acknowledge every record in time; retry the whole request (event ids deduplicate)");
        }
    }

    private void Count(string endpoint, string shop, int status, string reason)
    {
        instruments.Answered(endpoint, status);
        instruments.Rejected(reason);
        CollectorLog.RequestRejected(logger, endpoint, shop, status, reason);
    }
}
