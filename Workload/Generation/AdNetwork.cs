namespace GrainPipeline.Workload.Generation;

/// <summary>
/// An ad platform as it shows up in a landing URL: its click-id parameter (case-sensitive, as the
/// attribution stage matches it), the UTM source/medium its campaigns use, and the referrer it leaves.
/// </summary>
internal sealed record AdNetwork(string ClickIdParameter, string UtmSource, string UtmMedium, string Referrer, double Weight)
{
    /// <summary>Every click id of SHOPIFY.md, weighted roughly by how much paid traffic each platform sends.</summary>
    public static IReadOnlyList<AdNetwork> All { get; } =
    [
        new("gclid", "google", "cpc", "https://www.google.com/", 0.28),
        new("gbraid", "google", "cpc", "https://www.google.com/", 0.05),
        new("wbraid", "google", "cpc", "https://www.google.com/", 0.05),
        new("fbclid", "facebook", "paid_social", "https://m.facebook.com/", 0.25),
        new("ttclid", "tiktok", "paid_social", "https://www.tiktok.com/", 0.10),
        new("msclkid", "bing", "cpc", "https://www.bing.com/", 0.07),
        new("li_fat_id", "linkedin", "paid_social", "https://www.linkedin.com/", 0.04),
        new("twclid", "twitter", "paid_social", "https://t.co/", 0.05),
        new("ScCid", "snapchat", "paid_social", "https://www.snapchat.com/", 0.05),
        new("epik", "pinterest", "paid_social", "https://www.pinterest.com/", 0.06),
    ];

    public static AdNetwork Pick(WorkloadRandom random)
    {
        var u = random.NextDouble() * TotalWeight;
        foreach (var network in All)
        {
            if (u < network.Weight) return network;
            u -= network.Weight;
        }
        return All[^1];
    }

    private static readonly double TotalWeight = All.Sum(n => n.Weight);
}
