using GrainPipeline.Dashboard.Tests.Infrastructure;
using GrainPipeline.Workload.Model;
using Microsoft.Playwright;

namespace GrainPipeline.Dashboard.Tests.Browser;

/// <summary>
/// Debian's chromium, driven by Playwright, opens the dashboard during a live demo: the charts must
/// draw lines from live samples, the tabs must fill from the API, and a screenshot goes to
/// a screenshot (docs/dashboard.png for the README when GP_UPDATE_SCREENSHOT=1). Never skipped: without chromium it fails with the install command.
/// </summary>
[Collection(SerialCollection.Name)]
public class DashboardPageTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [Fact]
    public async Task The_page_draws_live_charts_during_a_demo_and_saves_a_screenshot()
    {
        File.Exists(Chromium).Should().BeTrue($"the browser test drives Debian's chromium at {Chromium}; install it with: apt-get install -y chromium (./pipeline test does)");
        await using var demo = await DemoWithDashboard.StartAsync(new WorkloadSpec { Events = 60_000, Users = 5_000, Shops = 20, Poison = 60, Seed = 9 }, rate: 1_800);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 820 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(demo.Address.ToString());
        // Half a minute of live samples on the events and latency charts: lines, not an empty frame.
        await page.WaitForFunctionAsync(
            "() => ['chart-events', 'chart-latency'].every(id => Number(document.getElementById(id)?.dataset.points || 0) >= 28)",
            null, new PageWaitForFunctionOptions { Timeout = 90_000, PollingInterval = 500 });

        (await page.Locator("#chart-events polyline").CountAsync()).Should().BeGreaterThan(0);
        (await page.Locator("#overview-cards .card").CountAsync()).Should().BeGreaterOrEqualTo(6);
        (await page.Locator("#members tbody tr").CountAsync()).Should().BeGreaterThan(0);
        (await page.Locator("#status").TextContentAsync()).Should().StartWith("live");
        // The README's picture is refreshed only on request, so a test run leaves the tree clean.
        var screenshot = Environment.GetEnvironmentVariable("GP_UPDATE_SCREENSHOT") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "dashboard.png")
            : Path.Combine(AppContext.BaseDirectory, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
        output.WriteLine($"screenshot: {screenshot}");

        foreach (var (tab, filled) in new[]
                 {
                     ("grains", "#top-calls tbody tr"), ("stages", "#stages tbody tr"), ("backpressure", "#partitions tbody tr"),
                     ("memory", "#budget tbody tr"), ("reminders", "#reminders tbody tr"), ("deadletters", "#dead-reasons tbody tr"),
                 })
        {
            await page.Locator($"nav a[data-tab='{tab}']").ClickAsync();
            await page.Locator(filled).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        }
        errors.Should().BeEmpty("the page's script must not throw");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrainPipeline.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("GrainPipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
