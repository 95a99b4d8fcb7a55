using System.Net;

namespace GrainPipeline.Collector.Tests.Infrastructure;

/// <summary>
/// Polls an HTTP status that follows a state change no test can await directly (librdkafka's view of
/// the brokers). It returns as soon as the status is seen and fails with what it waited for.
/// </summary>
public static class Eventually
{
    public static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, HttpStatusCode expected, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        HttpStatusCode last;
        do
        {
            using var response = await http.GetAsync(path);
            last = response.StatusCode;
            if (last == expected) return last;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Timed out waiting for {what}: GET {path} still answers {(int)last}, expected {(int)expected}.");
    }
}
