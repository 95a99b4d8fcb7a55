using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace GrainPipeline.Collector.Http;

/// <summary>
/// A small JSON answer serialised up front and written with Content-Length. Streamed results are
/// sent chunked, and an HTTP/1.0 client (load tools, some proxies) then loses its keep-alive
/// connection on every request; these bodies are a few hundred bytes, so buffering costs nothing.
/// </summary>
internal sealed class BufferedJsonResult : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    // Relaxed escaping keeps reasons readable with curl ('clientId', not \u0027clientId\u0027); these
    // answers are JSON documents, never embedded in HTML, so the HTML-safe escapes buy nothing.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly byte[] _body;

    private BufferedJsonResult(int statusCode, string contentType, byte[] body)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        _body = body;
    }

    public int? StatusCode { get; }

    public string? ContentType { get; }

    public static BufferedJsonResult Json<T>(int statusCode, T value) =>
        new(statusCode, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(value, Web));

    public static BufferedJsonResult Problem(int statusCode, string title, string detail) =>
        new(statusCode, "application/problem+json", JsonSerializer.SerializeToUtf8Bytes(new ProblemBody(title, statusCode, detail), Web));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode!.Value;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.ContentLength = _body.Length;
        return httpContext.Response.Body.WriteAsync(_body, httpContext.RequestAborted).AsTask();
    }

    /// <summary>RFC 9457 fields the collector fills: a reason code as title, the status, what to fix.</summary>
    private sealed record ProblemBody(string Title, int Status, string Detail);
}
