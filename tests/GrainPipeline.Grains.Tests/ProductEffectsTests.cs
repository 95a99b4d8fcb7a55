using GrainPipeline.Grains.Events;
using GrainPipeline.Grains.Shopify;

namespace GrainPipeline.Grains.Tests;

public class ProductEffectsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 3, 23, 30, 0, TimeSpan.FromHours(-5));

    [Fact]
    public void A_product_view_counts_one_view_on_the_utc_day_with_the_gid_normalised()
    {
        using var evt = TestEvents.Pixel(EventNames.ProductViewed, At, """{"productVariant":{"product":{"id":"gid://shopify/Product/77"}}}""");
        var delta = ProductEffects.Of(evt).Should().ContainSingle().Subject;
        delta.Key.ProductId.Should().Be("77");
        delta.Key.Day.Should().Be(new DateOnly(2026, 11, 4), "23:30 at UTC-5 is the next day in UTC");
        delta.Views.Should().Be(1);
    }

    [Fact]
    public void An_add_to_cart_counts_one_add()
    {
        using var evt = TestEvents.Pixel(EventNames.ProductAddedToCart, At, """{"cartLine":{"quantity":3,"merchandise":{"product":{"id":"12"}}}}""");
        ProductEffects.Of(evt).Should().ContainSingle().Which.AddsToCart.Should().Be(1);
    }

    [Fact]
    public void A_completed_checkout_counts_quantities_and_line_revenue_per_product()
    {
        using var evt = TestEvents.Pixel(EventNames.CheckoutCompleted, At, TestEvents.CompletedCheckout("9", 59.97m, ("1", 2, 39.98m), ("2", 1, 19.99m)));
        var deltas = ProductEffects.Of(evt);
        deltas.Should().HaveCount(2);
        deltas.Single(d => d.Key.ProductId == "1").Should().Match<Stores.Model.ProductStatDelta>(d => d.Purchases == 2 && d.Revenue == 39.98m);
        deltas.Single(d => d.Key.ProductId == "2").Revenue.Should().Be(19.99m);
    }

    [Theory]
    [InlineData(EventNames.PageViewed, "{}")]
    [InlineData(EventNames.ProductViewed, "{}")]
    [InlineData(EventNames.CheckoutCompleted, """{"checkout":{"lineItems":"oops"}}""")]
    public void Events_without_product_facts_add_nothing(string name, string data)
    {
        using var evt = TestEvents.Pixel(name, At, data);
        ProductEffects.Of(evt).Should().BeEmpty();
    }

    [Theory]
    [InlineData("123", "123")]
    [InlineData("gid://shopify/Product/123", "123")]
    [InlineData("gid://shopify/ProductVariant/5?x=1", "5")]
    [InlineData(" ", null)]
    public void Shopify_ids_are_normalised_to_their_digits(string raw, string? expected) => ShopifyIds.Normalize(raw).Should().Be(expected);
}
