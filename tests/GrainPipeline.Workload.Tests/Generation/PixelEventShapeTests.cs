using System.Globalization;
using System.Text.Json;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Tests.Support;

namespace GrainPipeline.Workload.Tests.Generation;

/// <summary>Every valid value is a Web Pixel event of SHOPIFY.md's shape, and the funnel looks like a shop's.</summary>
public sealed class PixelEventShapeTests
{
    private static readonly string[] ClickIds = ["gclid", "gbraid", "wbraid", "fbclid", "ttclid", "msclkid", "li_fat_id", "twclid", "ScCid", "epik"];

    [Fact]
    public void Every_valid_value_has_the_envelope_fields()
    {
        foreach (var record in Workloads.MediumRun.Valid())
        {
            using var json = PixelJson.Parse(record.Value);
            var root = json.RootElement;
            root.GetProperty("id").GetString().Should().Be(record.EventId);
            root.GetProperty("name").GetString().Should().Be(record.EventName);
            root.GetProperty("clientId").GetString().Should().Be(record.ClientId);
            var timestamp = root.GetProperty("timestamp").GetString()!;
            timestamp.Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");
            DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture).Should().Be(record.Timestamp);
            root.GetProperty("type").GetString().Should().Be("standard");

            var location = root.At("context", "document", "location");
            var host = location.GetProperty("host").GetString();
            var pathname = location.GetProperty("pathname").GetString()!;
            var search = location.GetProperty("search").GetString()!;
            host.Should().Be(record.Shop);
            pathname.Should().StartWith("/");
            (search.Length == 0 || search.StartsWith('?')).Should().BeTrue();
            location.GetProperty("href").GetString().Should().Be($"https://{host}{pathname}{search}");
            root.At("context", "document", "referrer").ValueKind.Should().Be(JsonValueKind.String);
            root.At("context", "navigator", "language").GetString().Should().NotBeNullOrEmpty();
            root.At("context", "navigator", "userAgent").GetString().Should().StartWith("Mozilla/5.0");
            root.GetProperty("data").ValueKind.Should().Be(JsonValueKind.Object);
        }
    }

    [Fact]
    public void Data_payloads_have_the_shape_of_their_event()
    {
        var seen = new HashSet<string>();
        foreach (var record in Workloads.MediumRun.Valid())
        {
            using var json = PixelJson.Parse(record.Value);
            var data = json.RootElement.GetProperty("data");
            seen.Add(record.EventName!);
            switch (record.EventName)
            {
                case PixelEventNames.PageViewed:
                    data.EnumerateObject().Should().BeEmpty();
                    break;
                case PixelEventNames.ProductViewed:
                    AssertVariant(data.GetProperty("productVariant"));
                    break;
                case PixelEventNames.CollectionViewed:
                    data.At("collection", "id").GetString().Should().MatchRegex("^[0-9]+$");
                    data.At("collection", "title").GetString().Should().NotBeNullOrEmpty();
                    foreach (var variant in data.At("collection", "productVariants").EnumerateArray()) AssertVariant(variant);
                    break;
                case PixelEventNames.SearchSubmitted:
                    data.At("searchResult", "query").GetString().Should().NotBeNullOrEmpty();
                    foreach (var variant in data.At("searchResult", "productVariants").EnumerateArray()) AssertVariant(variant);
                    break;
                case PixelEventNames.ProductAddedToCart:
                    var line = data.GetProperty("cartLine");
                    var quantity = line.GetProperty("quantity").GetInt32();
                    quantity.Should().BeInRange(1, 3);
                    var merchandise = line.GetProperty("merchandise");
                    AssertVariant(merchandise);
                    line.At("cost", "totalAmount", "amount").GetDecimal()
                        .Should().Be(merchandise.At("price", "amount").GetDecimal() * quantity);
                    break;
                case PixelEventNames.CheckoutStarted:
                    AssertCheckout(data.GetProperty("checkout"), completed: false);
                    break;
                case PixelEventNames.CheckoutCompleted:
                    AssertCheckout(data.GetProperty("checkout"), completed: true);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected event {record.EventName}");
            }
        }
        seen.Should().BeEquivalentTo(PixelEventNames.All);
    }

    [Fact]
    public void Product_ids_come_both_plain_and_as_gids()
    {
        var ids = Workloads.MediumRun.Valid()
            .Where(r => r.EventName == PixelEventNames.ProductViewed)
            .Select(r =>
            {
                using var json = PixelJson.Parse(r.Value);
                return json.RootElement.At("data", "productVariant", "product", "id").GetString()!;
            })
            .ToList();

        var gidShare = ids.Count(id => id.StartsWith("gid://shopify/Product/", StringComparison.Ordinal)) / (double)ids.Count;
        gidShare.Should().BeInRange(0.2, 0.4);
        ids.Where(id => !id.StartsWith("gid:", StringComparison.Ordinal)).Should().OnlyContain(id => id.All(char.IsAsciiDigit));
    }

    [Fact]
    public void Each_shop_has_a_catalogue_of_about_fifty_products_with_fixed_prices()
    {
        var prices = new Dictionary<(string Shop, string Product), decimal>();
        foreach (var record in Workloads.MediumRun.Valid().Where(r => r.EventName == PixelEventNames.ProductViewed))
        {
            using var json = PixelJson.Parse(record.Value);
            var variant = json.RootElement.At("data", "productVariant");
            var key = (record.Shop!, PixelJson.NormaliseProductId(variant.At("product", "id").GetString()!));
            var price = variant.At("price", "amount").GetDecimal();
            decimal.Round(price, 2).Should().Be(price, "amounts have at most two decimals");
            if (prices.TryGetValue(key, out var known)) price.Should().Be(known, "a product's price is fixed");
            else prices.Add(key, price);
        }
        prices.Keys.GroupBy(k => k.Shop).Should().OnlyContain(shop => shop.Count() <= 60)
            .And.Contain(shop => shop.Count() >= 35, "busy shops show most of their catalogue");
    }

    [Fact]
    public void Landing_pages_carry_utm_tags_and_ad_click_ids_in_realistic_shares()
    {
        var landings = Workloads.MediumRun.Valid()
            .Where(r => r.EventName == PixelEventNames.PageViewed)
            .Select(r =>
            {
                using var json = PixelJson.Parse(r.Value);
                return json.RootElement.At("context", "document", "location", "search").GetString()!;
            })
            .ToList();

        var utm = landings.Count(s => s.Contains("utm_source=", StringComparison.Ordinal)) / (double)landings.Count;
        var clicks = landings.Count(s => ClickIds.Any(id => s.Contains(id + "=", StringComparison.Ordinal))) / (double)landings.Count;
        utm.Should().BeInRange(0.35, 0.45);
        clicks.Should().BeInRange(0.25, 0.35);
        ClickIds.Should().OnlyContain(id => landings.Any(s => s.Contains("?" + id + "=", StringComparison.Ordinal) || s.Contains("&" + id + "=", StringComparison.Ordinal)),
            "every ad platform's click id appears");
        landings.Where(s => s.Contains("utm_source=", StringComparison.Ordinal))
            .Should().OnlyContain(s => s.Contains("utm_medium=", StringComparison.Ordinal) && s.Contains("utm_campaign=", StringComparison.Ordinal));
    }

    [Fact]
    public void Sessions_follow_the_funnel_and_complete_only_started_checkouts()
    {
        var counts = Workloads.MediumRun.Valid().GroupBy(r => r.EventName!).ToDictionary(g => g.Key, g => g.Count());
        var sessions = counts[PixelEventNames.PageViewed];

        (counts[PixelEventNames.ProductViewed] / (double)sessions).Should().BeInRange(2.0, 3.0, "1-4 product views per session");
        (counts[PixelEventNames.CheckoutStarted] / (double)sessions).Should().BeInRange(0.12, 0.18, "~30% add to cart, ~50% of those check out");
        (counts[PixelEventNames.CheckoutCompleted] / (double)counts[PixelEventNames.CheckoutStarted]).Should().BeInRange(0.62, 0.78);

        var started = new HashSet<(int, string)>();
        var completed = new HashSet<string>();
        var orders = new HashSet<string>();
        foreach (var record in Workloads.MediumRun.Valid().Where(r => r.EventName is PixelEventNames.CheckoutStarted or PixelEventNames.CheckoutCompleted))
        {
            using var json = PixelJson.Parse(record.Value);
            var token = json.RootElement.At("data", "checkout", "token").GetString()!;
            if (record.EventName == PixelEventNames.CheckoutStarted) started.Add((record.UserIndex, token));
            else
            {
                started.Should().Contain((record.UserIndex, token), "a checkout completes only after it started, for the same user");
                completed.Add(token).Should().BeTrue("checkout_completed fires once per checkout");
                orders.Add(json.RootElement.At("data", "checkout", "order", "id").GetString()!).Should().BeTrue("order ids are unique");
            }
        }
    }

    private static void AssertVariant(JsonElement variant)
    {
        variant.GetProperty("id").GetString().Should().MatchRegex(@"^(gid://shopify/ProductVariant/)?[0-9]+$");
        variant.At("price", "amount").ValueKind.Should().Be(JsonValueKind.Number);
        variant.At("price", "currencyCode").GetString().Should().MatchRegex("^[A-Z]{3}$");
        variant.At("product", "id").GetString().Should().MatchRegex(@"^(gid://shopify/Product/)?[0-9]+$");
        variant.At("product", "title").GetString().Should().NotBeNullOrEmpty();
        variant.At("product", "vendor").GetString().Should().NotBeNullOrEmpty();
        variant.At("product", "type").GetString().Should().NotBeNullOrEmpty();
    }

    private static void AssertCheckout(JsonElement checkout, bool completed)
    {
        checkout.GetProperty("token").GetString().Should().NotBeNullOrEmpty();
        var currency = checkout.GetProperty("currencyCode").GetString();
        var subtotal = 0m;
        var lines = checkout.GetProperty("lineItems").EnumerateArray().ToList();
        lines.Should().NotBeEmpty();
        foreach (var line in lines)
        {
            var quantity = line.GetProperty("quantity").GetInt32();
            var variant = line.GetProperty("variant");
            AssertVariant(variant);
            var final = line.At("finalLinePrice", "amount").GetDecimal();
            final.Should().Be(variant.At("price", "amount").GetDecimal() * quantity, "finalLinePrice = price × quantity");
            line.At("finalLinePrice", "currencyCode").GetString().Should().Be(currency);
            subtotal += final;
        }
        checkout.At("subtotalPrice", "amount").GetDecimal().Should().Be(subtotal);
        var total = checkout.At("totalPrice", "amount").GetDecimal();
        total.Should().Be(subtotal + checkout.At("totalTax", "amount").GetDecimal() + checkout.At("shippingLine", "price", "amount").GetDecimal());
        if (completed) checkout.At("order", "id").GetString().Should().MatchRegex("^[0-9]+$");
        else checkout.TryGetProperty("order", out _).Should().BeFalse("order appears on completion only");
    }
}
