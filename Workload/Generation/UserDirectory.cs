namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Derives users from their index instead of storing them: O(1) memory per user beyond the generator's
/// own arrays. User u belongs to shop u mod shops, so every shop has visitors and the most active users
/// (low indices) are spread over the shops.
/// </summary>
internal sealed class UserDirectory(int seed, int shops)
{
    private static readonly string[] Languages = ["en-US", "en-US", "en-US", "en-GB", "en-CA", "de-DE", "fr-FR", "es-ES", "nl-NL", "ja-JP"];

    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
    ];

    private static readonly BuyerAddress[] Addresses =
    [
        new("Austin", "Texas", "United States", "US", "78701"),
        new("Portland", "Oregon", "United States", "US", "97205"),
        new("Brooklyn", "New York", "United States", "US", "11201"),
        new("Toronto", "Ontario", "Canada", "CA", "M5V 2T6"),
        new("Manchester", "England", "United Kingdom", "GB", "M1 1AE"),
        new("Berlin", "Berlin", "Germany", "DE", "10115"),
        new("Lyon", "Auvergne-Rhône-Alpes", "France", "FR", "69002"),
        new("Melbourne", "Victoria", "Australia", "AU", "3000"),
    ];

    private readonly ulong _clientKey = StableHash.Key(seed, 0xC11E_0001);
    private readonly ulong _traitKey = StableHash.Key(seed, 0xC11E_0002);

    public SimulatedUser Get(int index)
    {
        var shopIndex = index % shops;
        var traits = StableHash.Of(_traitKey, (ulong)index);
        return new SimulatedUser(
            Index: index,
            ShopIndex: shopIndex,
            Shop: ShopCatalog.Domain(shopIndex),
            ClientId: Identifiers.Uuid(StableHash.Of(_clientKey, (ulong)index)),
            Language: Languages[(int)(traits % (ulong)Languages.Length)],
            UserAgent: UserAgents[(int)((traits >> 16) % (ulong)UserAgents.Length)],
            Email: "buyer-" + Identifiers.Hex(StableHash.Mix(traits), 10) + "@example.com",
            Address: Addresses[(int)((traits >> 32) % (ulong)Addresses.Length)]);
    }
}
