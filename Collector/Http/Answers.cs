using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace GrainPipeline.Collector.Http;

/// <summary>
/// Error answers as RFC 9457 problem details: <c>title</c> is a stable reason code clients can
/// switch on, <c>detail</c> says what to fix (naming the setting when a limit was hit).
/// </summary>
internal static class Answers
{
    public static IResult Problem(int status, string reason, string detail) => BufferedJsonResult.Problem(status, reason, detail);

    public static IResult Json<T>(int status, T value) => BufferedJsonResult.Json(status, value);

    /// <summary>A refusal the client should retry later: 503 or 429 with Retry-After in whole seconds.</summary>
    public static IResult RetryLater(HttpContext context, int status, string reason, string detail, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem(status, reason, detail);
    }
}
