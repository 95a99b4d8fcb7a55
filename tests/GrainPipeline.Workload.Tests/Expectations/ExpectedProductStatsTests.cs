using GrainPipeline.Workload.Expectations;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Tests.Support;

namespace GrainPipeline.Workload.Tests.Expectations;

public sealed class ExpectedProductStatsTests
{
    /// <summary>
    /// Recomputes product stats from the emitted JSON alone, by the pipeline's rules, and compares with the
    /// expectation built from ProductEffects: a check on both the effects and the rules.
    /// </summary>
    [Fact]
    public void Expectation_matches_a_rederivation_from_the_emitted_json()
    {
        var rederived = new Dictionary<ProductStatsKey, ProductStatsTotals>();
        void Add(string shop, string productId, DateOnly day, ProductStatsTotals delta)
        {
            var key = new ProductStatsKey(shop, PixelJson.NormaliseProductId(productId), day);
            rederived[key] = rederived.GetValueOrDefault(key) + delta;
        }

        foreach (var record in Workloads.MediumRun)
        {
            if (record.Key is null) continue;
            System.Text.Json.JsonDocument json;
            try { json = PixelJson.Parse(record.Value); }
            catch (System.Text.Json.JsonException) { continue; }
            using (json)
            {
                var root = json.RootElement;
                // Only well-formed standard events count; the rest are the pipeline's dead letters.
                if (!root.TryGetProperty("id", out var id) || id.ValueKind != System.Text.Json.JsonValueKind.String) continue;
                if (root.GetProperty("timestamp").ValueKind != System.Text.Json.JsonValueKind.String) continue;
                if (record.Value.Length > 1024 * 1024) continue;
                var shop = record.Key[..record.Key.IndexOf(':', StringComparison.Ordinal)];
                var day = PixelJson.UtcDay(root);
                var data = root.GetProperty("data");
                switch (root.GetProperty("name").GetString())
                {
                    case "product_viewed":
                        Add(shop, data.At("productVariant", "product", "id").GetString()!, day, new ProductStatsTotals(1, 0, 0, 0m));
                        break;
                    case "product_added_to_cart":
                        Add(shop, data.At("cartLine", "merchandise", "product", "id").GetString()!, day, new ProductStatsTotals(0, 1, 0, 0m));
                        break;
                    case "checkout_completed":
                        foreach (var line in data.At("checkout", "lineItems").EnumerateArray())
                        {
                            Add(shop, line.At("variant", "product", "id").GetString()!, day,
                                new ProductStatsTotals(0, 0, line.GetProperty("quantity").GetInt64(), line.At("finalLinePrice", "amount").GetDecimal()));
                        }
                        break;
                }
            }
        }

        var expected = ExpectedProductStats.From(Workloads.MediumRun);

        // Row-by-row with plain equality: structural equivalency over thousands of rows is needlessly slow.
        expected.Count.Should().Be(rederived.Count);
        rederived.Where(row => !expected.TryGet(row.Key.Shop, row.Key.ProductId, row.Key.Day, out var totals) || totals != row.Value)
            .Should().BeEmpty();
        expected.Count.Should().BeGreaterThan(500);
        expected.Rows.Keys.Select(k => k.Day).Distinct().Should().HaveCountGreaterThan(1, "the run crosses a UTC midnight");
        expected.GrandTotal.Purchases.Should().BePositive();
        expected.GrandTotal.Revenue.Should().BePositive();
        expected.GrandTotal.Should().Be(rederived.Values.Aggregate(new ProductStatsTotals(), (a, b) => a + b));
    }

    [Fact]
    public void Track_accumulates_while_passing_records_through()
    {
        var stats = new ExpectedProductStats();

        var passed = stats.Track(WorkloadGenerator.Generate(Workloads.Small)).ToList();

        passed.Should().HaveCount((int)Workloads.Small.Events);
        var again = ExpectedProductStats.From(WorkloadGenerator.Generate(Workloads.Small));
        stats.Count.Should().Be(again.Count).And.BePositive();
        stats.Rows.Should().OnlyContain(row => again.Rows[row.Key] == row.Value);
    }

    [Fact]
    public void Poison_adds_nothing()
    {
        var stats = ExpectedProductStats.From(WorkloadGenerator.Generate(new WorkloadSpec { Events = 60, Users = 10, Shops = 2, Poison = 60 }));

        stats.Count.Should().Be(0);
        stats.GrandTotal.Should().Be(default(ProductStatsTotals));
    }

    [Fact]
    public void Rows_can_be_looked_up_by_their_primary_key()
    {
        var stats = ExpectedProductStats.From(WorkloadGenerator.Generate(Workloads.Small));
        var (key, totals) = stats.Rows.First();

        stats.TryGet(key.Shop, key.ProductId, key.Day, out var found).Should().BeTrue();
        found.Should().Be(totals);
        stats.TryGet(key.Shop, "0", key.Day, out _).Should().BeFalse();
    }
}
