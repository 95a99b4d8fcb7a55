using System.Text;
using GrainPipeline.Stores.Model;

namespace GrainPipeline.Stores.Tests.Conformance;

/// <summary>Rows for the conformance tests; times are whole microseconds so every store round-trips them exactly.</summary>
public static class TestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    public static string Shop() => $"shop-{Guid.NewGuid():N}.myshopify.com";

    public static StoredEvent Event(string id, string shop = "s.myshopify.com", string client = "c1", int partition = 0, long offset = 0) =>
        new(id, shop, client, "page_viewed", T0.AddSeconds(offset), partition, offset,
            Encoding.UTF8.GetBytes($$$"""{"id":"{{{id}}}","name":"page_viewed","data":{"note":"héllo ✓"}}"""));

    public static ProductStatDelta Cell(string shop, string product, int day = 0, long views = 0, long adds = 0, long purchases = 0, decimal revenue = 0m) =>
        new(new ProductStatKey(shop, product, DateOnly.FromDateTime(T0.UtcDateTime).AddDays(day)), views, adds, purchases, revenue);
}
