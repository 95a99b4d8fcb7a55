using System.Text;
using GrainPipeline.Collector.Webhooks;

namespace GrainPipeline.Collector.Tests.Unit;

public class WebhookRecordKeyTests
{
    private const string Shop = "demo-shop.myshopify.com";

    private static string? KeyOf(string topic, string body) => WebhookRecordKey.For(Shop, topic, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void An_order_with_a_customer_is_keyed_by_the_customer()
    {
        KeyOf("orders/create", "{\"id\":820982911946154508,\"customer\":{\"id\":115310627314723954,\"email\":\"x@y\"},\"line_items\":[{\"id\":1}]}")
            .Should().Be(Shop + ":customer-115310627314723954");
    }

    [Fact]
    public void A_customers_topic_is_keyed_by_its_own_id()
    {
        KeyOf("customers/update", "{\"id\":706405506930370084,\"email\":\"bob@example.com\"}").Should().Be(Shop + ":customer-706405506930370084");
    }

    [Fact]
    public void A_gid_and_a_number_give_the_same_key()
    {
        KeyOf("orders/paid", "{\"customer\":{\"id\":\"gid://shopify/Customer/42\"}}").Should().Be(KeyOf("orders/paid", "{\"customer\":{\"id\":42}}"));
    }

    [Theory]
    [InlineData("orders/create", "{\"id\":1,\"customer\":null}")]
    [InlineData("products/update", "{\"id\":632910392,\"title\":\"IPod Nano\"}")]
    [InlineData("app/uninstalled", "{}")]
    public void Without_a_customer_the_key_is_shop_wide(string topic, string body)
    {
        KeyOf(topic, body).Should().Be(Shop + ":webhook");
    }

    [Fact]
    public void A_nested_id_is_not_taken_for_the_customer()
    {
        KeyOf("orders/create", "{\"line_items\":[{\"id\":5,\"customer\":{\"id\":9}}]}").Should().Be(Shop + ":webhook");
    }

    [Theory]
    [InlineData("{\"id\":")]
    [InlineData("not json")]
    [InlineData("{} {}")]
    public void Malformed_JSON_gives_no_key(string body)
    {
        KeyOf("orders/create", body).Should().BeNull();
    }
}
