using System.Text.Json;

namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Writers for the <c>data</c> payloads of the standard events (product variant, cart line, checkout).
/// <paramref name="useGids"/> on each switches product and variant ids to GID form, as some Shopify
/// surfaces send them; the pipeline must normalise both forms to the same digits.
/// </summary>
internal static class PixelDataJson
{
    public static void Money(Utf8JsonWriter json, string name, decimal amount, string currency)
    {
        json.WriteStartObject(name);
        json.WriteNumber("amount", amount);
        json.WriteString("currencyCode", currency);
        json.WriteEndObject();
    }

    public static void ProductVariant(Utf8JsonWriter json, string? name, CatalogProduct product, string currency, string shop, bool useGids)
    {
        if (name is null) json.WriteStartObject();
        else json.WriteStartObject(name);
        json.WriteString("id", useGids ? Identifiers.VariantGid(product.VariantId) : Identifiers.Digits(product.VariantId));
        Money(json, "price", product.Price, currency);
        json.WriteStartObject("product");
        json.WriteString("id", useGids ? Identifiers.ProductGid(product.ProductId) : Identifiers.Digits(product.ProductId));
        json.WriteString("title", product.Title);
        json.WriteString("vendor", product.Vendor);
        json.WriteString("type", product.ProductType);
        json.WriteString("url", "/products/" + product.Handle);
        json.WriteEndObject();
        json.WriteString("sku", product.Sku);
        json.WriteString("title", product.VariantTitle);
        json.WriteStartObject("image");
        json.WriteString("src", "https://" + shop + "/cdn/shop/files/" + product.Handle + ".jpg");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void VariantList(Utf8JsonWriter json, IEnumerable<CatalogProduct> products, string currency, string shop, bool useGids)
    {
        json.WriteStartArray("productVariants");
        foreach (var product in products) ProductVariant(json, null, product, currency, shop, useGids);
        json.WriteEndArray();
    }

    public static void CartLine(Utf8JsonWriter json, CartLine line, string currency, string shop, bool useGids)
    {
        json.WriteStartObject("cartLine");
        json.WriteStartObject("cost");
        Money(json, "totalAmount", line.FinalLinePrice, currency);
        json.WriteEndObject();
        ProductVariant(json, "merchandise", line.Product, currency, shop, useGids);
        json.WriteNumber("quantity", line.Quantity);
        json.WriteEndObject();
    }

    public static void Checkout(Utf8JsonWriter json, CheckoutSnapshot checkout, string shop, bool useGids)
    {
        var currency = checkout.Currency;
        json.WriteStartObject("checkout");
        json.WriteString("token", checkout.Token);
        json.WriteString("currencyCode", currency);
        json.WriteString("email", checkout.Email);
        json.WriteStartArray("lineItems");
        foreach (var line in checkout.Lines)
        {
            json.WriteStartObject();
            json.WriteString("id", line.LineItemId);
            json.WriteNumber("quantity", line.Quantity);
            json.WriteString("title", line.Product.Title);
            ProductVariant(json, "variant", line.Product, currency, shop, useGids);
            Money(json, "finalLinePrice", line.FinalLinePrice, currency);
            json.WriteStartArray("discountAllocations");
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        Money(json, "subtotalPrice", checkout.Subtotal, currency);
        Money(json, "totalTax", checkout.Tax, currency);
        Money(json, "totalPrice", checkout.Total, currency);
        json.WriteStartObject("shippingLine");
        Money(json, "price", checkout.Shipping, currency);
        json.WriteEndObject();
        json.WriteStartArray("discountApplications");
        json.WriteEndArray();
        json.WriteStartArray("transactions");
        if (checkout.OrderId is not null)
        {
            json.WriteStartObject();
            json.WriteString("gateway", "shopify_payments");
            Money(json, "amount", checkout.Total, currency);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (checkout.OrderId is { } orderId)
        {
            json.WriteStartObject("order");
            json.WriteString("id", Identifiers.Digits(orderId));
            json.WriteEndObject();
        }
        Address(json, "billingAddress", checkout.Address);
        Address(json, "shippingAddress", checkout.Address);
        json.WriteEndObject();
    }

    private static void Address(Utf8JsonWriter json, string name, BuyerAddress address)
    {
        json.WriteStartObject(name);
        json.WriteString("city", address.City);
        json.WriteString("province", address.Province);
        json.WriteString("country", address.Country);
        json.WriteString("countryCode", address.CountryCode);
        json.WriteString("zip", address.Zip);
        json.WriteEndObject();
    }
}
