using System.Net;
using GrainPipeline.Collector.Tests.Infrastructure;

namespace GrainPipeline.Collector.Tests.Integration;

public class RateLimitTests
{
    [Fact]
    public async Task A_shop_over_its_rate_gets_429_with_Retry_After_while_other_shops_go_on()
    {
        await using var collector = await TestCollector.StartAsync(o => { o.PerShopEventsPerSecond = 0.5; o.PerShopBurst = 5; o.MaxEventsPerRequest = 5; });
        var five = PixelJson.Array(Enumerable.Range(0, 5).Select(i => PixelJson.Event(PixelJson.Id("sh-rate", i))).ToArray());

        using var first = await collector.Http.SendAsync(Requests.Pixel(five));
        using var second = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("sh-rate-6")));
        using var otherShop = await collector.Http.SendAsync(Requests.Pixel(PixelJson.Event("sh-other"), shop: "other-shop.myshopify.com"));

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be((HttpStatusCode)429);
        second.Headers.RetryAfter!.Delta.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        (await second.Content.ReadAsStringAsync()).Should().Contain("Collector:PerShopEventsPerSecond");
        otherShop.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }
}
