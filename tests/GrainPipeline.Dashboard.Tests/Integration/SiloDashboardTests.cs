using System.Globalization;
using System.Text.Json;
using GrainPipeline.Dashboard.Tests.Infrastructure;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Dashboard.Tests.Integration;

/// <summary>
/// A real PipelineSilo on an embedded broker, with its dashboard: the JSON API and /metrics show
/// live numbers while the demo's events flow, and the run still verifies (nothing lost).
/// </summary>
[Collection(SerialCollection.Name)]
public class SiloDashboardTests
{
    [Fact]
    public async Task The_api_and_metrics_show_live_numbers_from_a_running_silo()
    {
        await using var demo = await DemoWithDashboard.StartAsync(new WorkloadSpec { Events = 24_000, Users = 2_000, Shops = 10, Poison = 40, Seed = 5 }, rate: 2_000);
        using var http = new HttpClient { BaseAddress = demo.Address, Timeout = TimeSpan.FromSeconds(10) };
        async Task<JsonElement> Get(string path) => JsonDocument.Parse(await http.GetStringAsync(path)).RootElement;

        var overview = await Eventually.ThatAsync(() => Get("api/overview"),
            o => o.GetProperty("totals").GetProperty("processed").GetInt64() > 2_000 && o.GetProperty("now").GetProperty("eventsPerSecond").ValueKind == JsonValueKind.Number,
            TimeSpan.FromSeconds(60), "2,000 events processed and a rate sampled");
        overview.GetProperty("now").GetProperty("eventsPerSecond").GetDouble().Should().BeGreaterThan(0);
        overview.GetProperty("members").GetProperty("members").EnumerateArray().Should().Contain(m => m.GetProperty("isThisSilo").GetBoolean());

        var metrics = await http.GetStringAsync("metrics");
        Value(metrics, "grainpipeline_ingest_consumed_total").Should().BeGreaterThan(2_000);
        Value(metrics, "grainpipeline_ingest_end_to_end_milliseconds_count").Should().BeGreaterThan(0);
        metrics.Should().Contain("grainpipeline_runtime_turn_duration_milliseconds_bucket{le=\"+Inf\"}")
            .And.Contain("grainpipeline_stages_duration_milliseconds_count{stage=\"index\"}")
            .And.Contain("# TYPE grainpipeline_ingest_inflight_messages gauge");

        var series = await Get("api/series");
        series.GetProperty("series").GetProperty("events_per_s").EnumerateArray().Should().Contain(v => v.ValueKind == JsonValueKind.Number && v.GetDouble() > 0);
        series.GetProperty("series").GetProperty("e2e_p99_ms").EnumerateArray().Should().Contain(v => v.ValueKind == JsonValueKind.Number);

        var grains = await Get("api/grains");
        grains.GetProperty("byType").GetProperty("user").GetInt32().Should().BeGreaterThan(0);
        var top = grains.GetProperty("topByCalls").EnumerateArray().First();
        var state = await Get($"api/grains/state?type={Uri.EscapeDataString(top.GetProperty("type").GetString()!)}&key={Uri.EscapeDataString(top.GetProperty("key").GetString()!)}");
        state.GetProperty("source").GetString().Should().BeOneOf("activation", "storage");
        state.GetProperty("states")[0].GetProperty("json").GetString().Should().Contain("RecentEventIds");

        var stages = await Get("api/stages");
        stages.GetProperty("stages").EnumerateArray().Should().Contain(s => s.GetProperty("name").GetString() == "index" && s.GetProperty("calls").GetInt64() > 0);
        stages.GetProperty("stores").EnumerateArray().Should().Contain(s => s.GetProperty("name").GetString() == "events");

        (await Get("api/backpressure")).GetProperty("partitions").GetArrayLength().Should().Be(6);
        (await Get("api/reminders?size=5")).GetProperty("rows").GetArrayLength().Should().BeGreaterThan(0, "each owned partition's flusher keeps a reminder");
        (await http.GetAsync("readyz")).IsSuccessStatusCode.Should().BeTrue();
        await Eventually.ThatAsync(() => Get("api/deadletters"), d => d.GetProperty("recent").GetArrayLength() > 0, TimeSpan.FromSeconds(60), "a dead letter listed");

        var summary = await demo.Run.WaitAsync(TimeSpan.FromMinutes(2));
        summary.Lost.Should().Be(0, string.Join("; ", summary.Problems));
        summary.DeadLettered.Should().Be(40);
    }

    private static double Value(string metrics, string name)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
