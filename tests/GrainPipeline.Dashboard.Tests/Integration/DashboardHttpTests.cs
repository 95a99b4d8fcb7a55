using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GrainPipeline.Dashboard.Configuration;
using GrainPipeline.Dashboard.Hosting;
using GrainPipeline.Dashboard.Tests.Infrastructure;

namespace GrainPipeline.Dashboard.Tests.Integration;

/// <summary>The dashboard's HTTP surface against a fake silo: routes, health, and the optional authentication.</summary>
public class DashboardHttpTests
{
    private const string Token = "a-long-enough-test-token-123";

    private static async Task<(DashboardServer Server, HttpClient Http, FakeDashboardSource Source)> StartAsync(Action<DashboardOptions>? configure = null)
    {
        var source = new FakeDashboardSource();
        var options = new DashboardOptions { ListenAddress = "127.0.0.1", Port = 0 };
        configure?.Invoke(options);
        var server = await DashboardHost.StartAsync(source, options);
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };
        return (server, http, source);
    }

    [Fact]
    public async Task Without_auth_the_page_api_metrics_and_health_answer()
    {
        var (server, http, source) = await StartAsync();
        await using var _ = server;
        using var __ = http;
        using var ___ = source;
        source.Meter.CreateCounter<long>("grainpipeline.ingest.consumed").Add(12);

        var page = await http.GetStringAsync("/");
        var script = await http.GetAsync("/assets/app.js");
        var overview = JsonDocument.Parse(await http.GetStringAsync("/api/overview")).RootElement;
        var series = JsonDocument.Parse(await http.GetStringAsync("/api/series")).RootElement;
        var metrics = await http.GetAsync("/metrics");

        page.Should().Contain("<title>GrainPipeline silo</title>").And.NotContain("http://", "the page loads nothing from elsewhere").And.NotContain("https://");
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        overview.GetProperty("silo").GetProperty("memberName").GetString().Should().Be("fake-silo");
        series.GetProperty("capacity").GetInt32().Should().Be(300);
        series.GetProperty("times").GetArrayLength().Should().BeGreaterThan(0, "the first sample is taken at start");
        metrics.Content.Headers.ContentType!.ToString().Should().StartWith("text/plain; version=0.0.4");
        (await metrics.Content.ReadAsStringAsync()).Should().Contain("grainpipeline_ingest_consumed_total 12\n");
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/api/grains/state?type=user")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Readyz_is_503_and_says_why_when_a_check_fails()
    {
        var (server, http, source) = await StartAsync();
        await using var _ = server;
        using var __ = http;
        using var ___ = source;
        source.Ready = false;

        using var response = await http.GetAsync("/readyz");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"ready\":false").And.Contain("down");
    }

    [Fact]
    public async Task With_a_token_everything_but_health_needs_it()
    {
        var (server, http, source) = await StartAsync(o => o.Token = Token);
        await using var _ = server;
        using var __ = http;
        using var ___ = source;

        foreach (var path in new[] { "/", "/api/overview", "/api/series", "/metrics", "/assets/app.js" })
        {
            using var refused = await http.GetAsync(path);
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
            refused.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        }
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/overview") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        (await http.SendAsync(wrong)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        (await http.SendAsync(right)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_in_the_page_address_becomes_a_cookie_that_the_page_requests_carry()
    {
        var (server, http, source) = await StartAsync(o => o.Token = Token);
        await using var _ = server;
        using var __ = http;
        using var ___ = source;

        using var first = await http.GetAsync("/?token=" + Token);
        var cookie = first.Headers.GetValues("Set-Cookie").Single();
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/overview") { Headers = { { "Cookie", cookie.Split(';')[0] } } };

        first.StatusCode.Should().Be(HttpStatusCode.Redirect);
        first.Headers.Location!.ToString().Should().Be("/", "the token leaves the address bar");
        cookie.Should().Contain("httponly").And.Contain("samesite=strict");
        (await http.SendAsync(api)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Basic_authentication_asks_the_browser_and_accepts_the_right_pair_only()
    {
        var (server, http, source) = await StartAsync(o => (o.User, o.Password) = ("ops", "s3cret"));
        await using var _ = server;
        using var __ = http;
        using var ___ = source;
        static AuthenticationHeaderValue Basic(string pair) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));

        using var refused = await http.GetAsync("/");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Authorization = Basic("ops:nope") } };
        using var right = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Authorization = Basic("ops:s3cret") } };

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.ToString().Should().StartWith("Basic");
        (await http.SendAsync(wrong)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await http.SendAsync(right)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_taken_port_fails_with_a_message_naming_the_flag()
    {
        var (server, http, source) = await StartAsync();
        await using var _ = server;
        using var __ = http;
        using var ___ = source;

        var second = () => DashboardHost.StartAsync(source, new DashboardOptions { ListenAddress = "127.0.0.1", Port = server.BaseAddress.Port });

        (await second.Should().ThrowAsync<DashboardPortInUseException>()).WithMessage("*--dashboard-port*");
    }
}
