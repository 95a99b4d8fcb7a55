using System.Text;
using System.Text.Json;

namespace GrainPipeline.Collector.Webhooks;

/// <summary>
/// Chooses the Kafka key of a webhook record. Webhooks carry no pixel <c>clientId</c>, so:
/// <list type="bullet">
/// <item><c>{shop}:customer-{id}</c> when the body names a customer — <c>customer.id</c> (orders,
/// checkouts, carts with a customer) or the top-level <c>id</c> of a <c>customers/*</c> topic — so
/// one customer's webhooks share a partition and stay in order;</item>
/// <item><c>{shop}:webhook</c> otherwise (products, guest orders, app events), so a shop's
/// customer-less webhooks stay in order among themselves.</item>
/// </list>
/// The <c>customer-</c> prefix keeps these keys apart from pixel client ids (UUID-like strings), so a
/// customer's webhooks never land in an anonymous visitor's grain by accident. GIDs
/// (<c>gid://shopify/Customer/123</c>) are reduced to their number so both id forms give one key.
/// </summary>
public static class WebhookRecordKey
{
    public const string CustomerPrefix = "customer-";
    public const string ShopWideSuffix = "webhook";

    /// <returns>The key, or null when the body is not one well-formed JSON document.</returns>
    public static string? For(string shop, string topic, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(topic);
        string? topLevelId = null, customerId = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read()) return null;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var isId = reader.ValueTextEquals("id"u8);
                    var isCustomer = reader.ValueTextEquals("customer"u8);
                    reader.Read();
                    if (isId) topLevelId = IdOf(ref reader);
                    else if (isCustomer && reader.TokenType == JsonTokenType.StartObject) customerId = CustomerIdOf(ref reader);
                    else reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }

            // Reading past the one value validates the rest: trailing content throws.
            if (reader.Read()) return null;
        }
        catch (JsonException)
        {
            return null;
        }

        var customer = topic.StartsWith("customers/", StringComparison.Ordinal) ? topLevelId ?? customerId : customerId;
        return customer is null ? $"{shop}:{ShopWideSuffix}" : $"{shop}:{CustomerPrefix}{customer}";
    }

    private static string? CustomerIdOf(ref Utf8JsonReader reader)
    {
        string? id = null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId) id = IdOf(ref reader);
            else reader.Skip();
        }
        return id;
    }

    private static string? IdOf(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text)) return null;
                var slash = text.LastIndexOf('/');
                return slash >= 0 ? text[(slash + 1)..] : text;
            default:
                reader.Skip();
                return null;
        }
    }
}
