using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using GrainPipeline.Collector.Producing;
using GrainPipeline.Collector.Tests.Infrastructure;

namespace GrainPipeline.Collector.Tests.Integration;

/// <summary>An admitted request holds budget, so a client that stops sending must not hold it for ever.</summary>
public class SlowClientTests
{
    [Fact]
    public async Task A_body_that_stops_arriving_gets_408_and_its_budget_back()
    {
        await using var collector = await TestCollector.StartAsync(o => o.BodyReadTimeoutMs = 500);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(collector.BaseAddress.Host, collector.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/pixel/{PixelJson.Shop} HTTP/1.1\r\nHost: {collector.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"id\":";

        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = await ReadHeadAsync(stream);

        answer.Should().StartWith("HTTP/1.1 408");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        collector.Service<RequestBudget>().InFlightRequests.Should().Be(0);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return text.ToString();
    }
}
