using System.Text;

namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Picks a session's traffic source and landing page. About 30 % of sessions arrive from an ad click
/// (a click id in the URL, mostly with UTM tags too), and about 40 % in all carry UTM tags (the rest
/// from newsletters and social posts), so the ad-lead and attribution stages have real work.
/// </summary>
internal static class LandingPagePlanner
{
    public const double AdClickShare = 0.30;
    public const double UtmShareOfAdClicks = 0.80;

    /// <summary>Chosen so the overall UTM share is ~40 %: 0.3 × 0.8 + 0.7 × 0.23 ≈ 0.40.</summary>
    public const double UtmShareOfOthers = 0.23;

    private static readonly string[] Campaigns =
    [
        "black-friday-2026", "cyber-week", "holiday-gifts", "retargeting-q4", "new-arrivals", "bestsellers", "winter-sale",
    ];

    private static readonly (string Source, string Medium, string Referrer)[] UnpaidSources =
    [
        ("klaviyo", "email", ""),
        ("newsletter", "email", ""),
        ("instagram", "social", "https://l.instagram.com/"),
        ("facebook", "social", "https://m.facebook.com/"),
        ("youtube", "video", "https://www.youtube.com/"),
    ];

    private static readonly string[] OrganicReferrers = ["", "", "https://www.google.com/", "https://duckduckgo.com/", "https://www.bing.com/"];

    private const string ClickIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    public static LandingPage Plan(WorkloadRandom random, ShopCatalog catalog, int shopIndex)
    {
        var (path, productIndex) = PickPath(random, catalog, shopIndex);
        var query = new StringBuilder();
        string referrer;
        if (random.Chance(AdClickShare))
        {
            var network = AdNetwork.Pick(random);
            if (random.Chance(UtmShareOfAdClicks))
                AppendUtm(query, network.UtmSource, network.UtmMedium, random.Pick(Campaigns));
            Append(query, network.ClickIdParameter, ClickId(random));
            referrer = network.Referrer;
        }
        else if (random.Chance(UtmShareOfOthers))
        {
            var (source, medium, sourceReferrer) = UnpaidSources[random.Next(UnpaidSources.Length)];
            AppendUtm(query, source, medium, random.Pick(Campaigns));
            referrer = sourceReferrer;
        }
        else
        {
            referrer = random.Pick(OrganicReferrers);
        }
        return new LandingPage(path, query.Length == 0 ? "" : "?" + query, referrer, productIndex);
    }

    private static (string Path, int? ProductIndex) PickPath(WorkloadRandom random, ShopCatalog catalog, int shopIndex)
    {
        var roll = random.NextDouble();
        if (roll < 0.5) return ("/", null);
        if (roll < 0.8) return ("/collections/" + random.Pick(ShopCatalog.Collections), null);
        var index = catalog.PickProductIndex(shopIndex, random);
        return ("/products/" + catalog.Product(shopIndex, index).Handle, index);
    }

    private static void AppendUtm(StringBuilder query, string source, string medium, string campaign)
    {
        Append(query, "utm_source", source);
        Append(query, "utm_medium", medium);
        Append(query, "utm_campaign", campaign);
    }

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0) query.Append('&');
        query.Append(name).Append('=').Append(value);
    }

    /// <summary>Click ids are opaque URL-safe tokens of 24–48 characters.</summary>
    private static string ClickId(WorkloadRandom random)
    {
        var length = random.Next(24, 49);
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = ClickIdAlphabet[r.Next(ClickIdAlphabet.Length)];
        });
    }
}
