using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GrainPipeline.Collector.Http;

/// <summary>
/// Reads a request body into one array, never past a limit. A declared Content-Length over the
/// limit is refused before a byte is read; a chunked body is cut off as soon as it passes the limit;
/// a body that trickles in slower than the read timeout allows is given up on.
/// </summary>
internal static class RequestBody
{
    private const int ChunkBytes = 16 * 1024;

    public static async Task<BodyResult> ReadAsync(HttpContext context, int maxBytes, TimeSpan timeout)
    {
        var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false }) sizeLimit.MaxRequestBodySize = maxBytes;
        var declared = context.Request.ContentLength;
        if (declared > maxBytes) return BodyResult.TooLarge;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            if (declared is { } length)
            {
                var exact = new byte[length];
                await context.Request.Body.ReadExactlyAsync(exact, deadline.Token).ConfigureAwait(false);
                return new BodyResult(exact, BodyStatus.Read);
            }

            return await ReadChunkedAsync(context, maxBytes, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return BodyResult.TimedOut;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyResult.TooLarge;
        }
        catch (BadHttpRequestException)
        {
            return BodyResult.Incomplete;
        }
        catch (EndOfStreamException)
        {
            return BodyResult.Incomplete;
        }
        catch (OperationCanceledException)
        {
            return BodyResult.Incomplete;
        }
        catch (IOException)
        {
            return BodyResult.Incomplete;
        }
    }

    private static async Task<BodyResult> ReadChunkedAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        var writer = new ArrayBufferWriter<byte>(ChunkBytes);
        while (true)
        {
            var chunk = writer.GetMemory(ChunkBytes);
            var read = await context.Request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0) return new BodyResult(writer.WrittenSpan.ToArray(), BodyStatus.Read);
            writer.Advance(read);
            if (writer.WrittenCount > maxBytes) return BodyResult.TooLarge;
        }
    }
}
