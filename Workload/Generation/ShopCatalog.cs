using System.Globalization;

namespace GrainPipeline.Workload.Generation;

/// <summary>
/// The shops and their ~50-product catalogues, derived on demand from (seed, shop, product index) rather
/// than stored, so memory does not grow with the number of shops. Product 0 is each shop's best seller.
/// </summary>
internal sealed class ShopCatalog
{
    public const int MinProducts = 40;
    public const int MaxProducts = 60;

    private static readonly string[] Adjectives =
    [
        "Classic", "Organic", "Vintage", "Everyday", "Premium", "Cozy", "Minimal", "Rugged", "Linen", "Merino",
        "Recycled", "Hand-Poured", "Waxed", "Bamboo", "Ceramic", "Wild", "Coastal", "Midnight", "Golden", "Alpine",
    ];

    private static readonly string[] Nouns =
    [
        "Tee", "Hoodie", "Tote Bag", "Candle", "Mug", "Backpack", "Beanie", "Sneakers", "Water Bottle", "Notebook",
        "Face Serum", "Scarf", "Wallet", "Sunglasses", "Throw Blanket", "Socks", "Cap", "Apron", "Planter", "Soap Bar",
    ];

    /// <summary>Collection handles every shop has (fewer than ten: collection ids reserve one digit for them).</summary>
    public static readonly IReadOnlyList<string> Collections = ["all", "new-arrivals", "best-sellers", "sale", "gifts", "winter"];

    private static readonly string[] Types = ["Apparel", "Accessories", "Home", "Beauty", "Footwear", "Stationery"];

    private static readonly string[] Vendors =
    [
        "Northwind Goods", "Fable & Fern", "Harbor Supply Co.", "Lumen Studio", "Oak & Ash", "Peak Outfitters",
        "Saltwater Makers", "Common Thread",
    ];

    private static readonly string[] VariantTitles = ["Default Title", "S", "M", "L", "XL", "Black", "Natural", "One Size"];

    private static readonly string[] Currencies = ["USD", "USD", "USD", "EUR", "GBP", "CAD", "AUD"];

    private static readonly int[] Cents = [0, 50, 95, 99, 99, 49];

    private readonly ulong _key;
    private readonly long _productIdBase;
    private readonly long _variantIdBase;

    public ShopCatalog(int seed)
    {
        _key = StableHash.Key(seed, 0xCA7A_1000);
        // Shopify ids are 13-digit numbers; the seed shifts the range so runs with different seeds differ.
        var shift = (long)(StableHash.Mix(_key) % 200_000);
        _productIdBase = 7_000_000_000_000 + shift * 10_000_000;
        _variantIdBase = 4_000_000_000_000 + shift * 10_000_000;
    }

    public static string Domain(int shopIndex) =>
        "shop-" + shopIndex.ToString("D4", CultureInfo.InvariantCulture) + ".myshopify.com";

    public string Currency(int shopIndex) => Currencies[(int)(StableHash.Of(_key, 1, (ulong)shopIndex) % (ulong)Currencies.Length)];

    /// <summary>Sales tax rate of the shop, 0–20 % in whole percents.</summary>
    public decimal TaxRate(int shopIndex) => (StableHash.Of(_key, 2, (ulong)shopIndex) % 21) / 100m;

    public int ProductCount(int shopIndex) =>
        MinProducts + (int)(StableHash.Of(_key, 3, (ulong)shopIndex) % (MaxProducts - MinProducts + 1));

    public CatalogProduct Product(int shopIndex, int index)
    {
        var h = StableHash.Of(_key, (ulong)shopIndex * 128 + (ulong)index, 4);
        var adjective = Adjectives[(int)(h % (ulong)Adjectives.Length)];
        var noun = Nouns[(int)((h >> 8) % (ulong)Nouns.Length)];
        var title = adjective + " " + noun;
        var handle = title.ToLowerInvariant().Replace(' ', '-').Replace("&", "and", StringComparison.Ordinal) + "-" + index.ToString(CultureInfo.InvariantCulture);
        var dollars = 5 + (int)((h >> 16) % 196);
        var cents = Cents[(int)((h >> 32) % (ulong)Cents.Length)];
        var id = _productIdBase + (long)shopIndex * 100 + index;
        return new CatalogProduct(
            Index: index,
            ProductId: id,
            VariantId: _variantIdBase + (long)shopIndex * 100 + index,
            Title: title,
            VariantTitle: VariantTitles[(int)((h >> 40) % (ulong)VariantTitles.Length)],
            Vendor: Vendors[(int)((h >> 48) % (ulong)Vendors.Length)],
            ProductType: Types[(int)((h >> 56) % (ulong)Types.Length)],
            Handle: handle,
            Sku: "SKU-" + Identifiers.Digits(id % 1_000_000_000),
            Price: Money.Amount(dollars + cents / 100m));
    }

    /// <summary>A skewed pick: low indices (best sellers) are viewed far more often than the tail.</summary>
    public int PickProductIndex(int shopIndex, WorkloadRandom random)
    {
        var u = random.NextDouble();
        return (int)(u * u * ProductCount(shopIndex));
    }
}
