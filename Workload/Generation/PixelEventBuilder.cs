using GrainPipeline.Workload.Model;

namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Turns one session step into a Kafka record: the event JSON plus its meaning (identity, user and
/// the product-stats effects the pipeline must produce from it). Effects are derived from the same
/// values that were written into the JSON, so they cannot drift apart.
/// </summary>
internal sealed class PixelEventBuilder(ShopCatalog catalog, PixelJsonWriter writer, int seed)
{
    /// <summary>Share of events whose product and variant ids are GIDs instead of plain digits.</summary>
    public const double GidShare = 0.30;

    private const long CollectionIdBase = 400_000_000_000;
    private const string QueryPrefix = "?q=";

    private readonly long _orderIdBase = 5_000_000_000_000 + (long)(StableHash.Key(seed, 0x0DE5_0001) % 900_000) * 1_000_000;
    private long _orders;

    public GeneratedRecord Build(Session session, SessionStep step, DateTimeOffset timestamp, string eventId, WorkloadRandom random)
    {
        var user = session.User;
        var shop = user.Shop;
        var currency = catalog.Currency(user.ShopIndex);
        var useGids = random.Chance(GidShare);
        var day = DateOnly.FromDateTime(timestamp.UtcDateTime);
        var (name, path, search, title, detail) = Page(session, step, random);
        var referrer = session.PreviousHref ?? session.Landing.Referrer;
        session.PreviousHref = "https://" + shop + path + search;

        var json = writer.Begin(new PixelEnvelope(eventId, name, user.ClientId, timestamp, shop, path, search, referrer, title, user.Language, user.UserAgent));
        IReadOnlyList<ProductEffect> effects = [];
        json.WriteStartObject();
        switch (step.Kind)
        {
            case StepKind.PageViewed:
                break;
            case StepKind.CollectionViewed:
                json.WriteStartObject("collection");
                json.WriteString("id", Identifiers.Digits(CollectionIdBase + user.ShopIndex * 10L + detail));
                json.WriteString("title", title);
                PixelDataJson.VariantList(json, Browse(user.ShopIndex, random, 4), currency, shop, useGids);
                json.WriteEndObject();
                break;
            case StepKind.SearchSubmitted:
                json.WriteStartObject("searchResult");
                json.WriteString("query", Uri.UnescapeDataString(search[QueryPrefix.Length..]));
                PixelDataJson.VariantList(json, Browse(user.ShopIndex, random, 3), currency, shop, useGids);
                json.WriteEndObject();
                break;
            case StepKind.ProductViewed:
                var viewed = catalog.Product(user.ShopIndex, step.ProductIndex);
                PixelDataJson.ProductVariant(json, "productVariant", viewed, currency, shop, useGids);
                effects = [new ProductEffect(Identifiers.Digits(viewed.ProductId), day, 1, 0, 0, 0m)];
                break;
            case StepKind.ProductAddedToCart:
                var line = session.Cart.First(l => l.Product.Index == step.ProductIndex);
                PixelDataJson.CartLine(json, line, currency, shop, useGids);
                effects = [new ProductEffect(Identifiers.Digits(line.Product.ProductId), day, 0, 1, 0, 0m)];
                break;
            case StepKind.CheckoutStarted:
                PixelDataJson.Checkout(json, Checkout(session, currency, orderId: null), shop, useGids);
                break;
            case StepKind.CheckoutCompleted:
                var completed = Checkout(session, currency, _orderIdBase + _orders++);
                PixelDataJson.Checkout(json, completed, shop, useGids);
                effects = completed.Lines
                    .Select(l => new ProductEffect(Identifiers.Digits(l.Product.ProductId), day, 0, 0, l.Quantity, l.FinalLinePrice))
                    .ToArray();
                break;
            default:
                throw new InvalidOperationException($"Unknown step {step.Kind}");
        }
        json.WriteEndObject();

        return new GeneratedRecord
        {
            Key = user.Key,
            Value = writer.End(),
            Headers = PixelHeaders.For(shop),
            EventId = eventId,
            Shop = shop,
            ClientId = user.ClientId,
            UserIndex = user.Index,
            EventName = name,
            Timestamp = timestamp,
            ProductEffects = effects,
        };
    }

    /// <summary>The page an event happens on; <c>Detail</c> is the collection's index for collection views.</summary>
    private (string Name, string Path, string Search, string Title, int Detail) Page(Session session, SessionStep step, WorkloadRandom random)
    {
        var shopIndex = session.User.ShopIndex;
        switch (step.Kind)
        {
            case StepKind.PageViewed:
                var landing = session.Landing;
                var title = landing.ProductIndex is { } p ? catalog.Product(shopIndex, p).Title
                    : landing.Path.StartsWith("/collections/", StringComparison.Ordinal) ? "Collection: " + landing.Path["/collections/".Length..]
                    : "Home";
                return (PixelEventNames.PageViewed, landing.Path, landing.Search, title, 0);
            case StepKind.CollectionViewed:
                var collection = random.Next(ShopCatalog.Collections.Count);
                return (PixelEventNames.CollectionViewed, "/collections/" + ShopCatalog.Collections[collection], "", "Collection: " + ShopCatalog.Collections[collection], collection);
            case StepKind.SearchSubmitted:
                var product = catalog.Product(shopIndex, catalog.PickProductIndex(shopIndex, random));
                var term = product.Title[(product.Title.LastIndexOf(' ') + 1)..].ToLowerInvariant();
                return (PixelEventNames.SearchSubmitted, "/search", QueryPrefix + Uri.EscapeDataString(term), "Search: " + term, 0);
            case StepKind.ProductViewed:
                var viewed = catalog.Product(shopIndex, step.ProductIndex);
                return (PixelEventNames.ProductViewed, "/products/" + viewed.Handle, "", viewed.Title, 0);
            case StepKind.ProductAddedToCart:
                var added = catalog.Product(shopIndex, step.ProductIndex);
                return (PixelEventNames.ProductAddedToCart, "/products/" + added.Handle, "", added.Title, 0);
            case StepKind.CheckoutStarted:
                return (PixelEventNames.CheckoutStarted, "/checkouts/cn/" + session.CheckoutToken + "/information", "", "Checkout", 0);
            case StepKind.CheckoutCompleted:
                return (PixelEventNames.CheckoutCompleted, "/checkouts/cn/" + session.CheckoutToken + "/thank-you", "", "Thank you", 0);
            default:
                throw new InvalidOperationException($"Unknown step {step.Kind}");
        }
    }

    private IEnumerable<CatalogProduct> Browse(int shopIndex, WorkloadRandom random, int count)
    {
        var listed = new CatalogProduct[count];
        for (var i = 0; i < count; i++) listed[i] = catalog.Product(shopIndex, catalog.PickProductIndex(shopIndex, random));
        return listed;
    }

    private CheckoutSnapshot Checkout(Session session, string currency, long? orderId) =>
        CheckoutSnapshot.From(session.CheckoutToken, currency, catalog.TaxRate(session.User.ShopIndex), session.User, session.Cart, orderId);
}
