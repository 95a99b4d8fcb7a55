namespace GrainPipeline.Grains.Shopify;

/// <summary>Reads ad click ids and UTM parameters from a landing page URL.</summary>
internal static class LandingUrl
{
    /// <summary>Click id parameter (case-sensitive, as platforms send it) → platform.</summary>
    private static readonly (string Parameter, string Platform)[] ClickIds =
    [
        ("gclid", "google"), ("gbraid", "google"), ("wbraid", "google"), ("fbclid", "meta"), ("ttclid", "tiktok"),
        ("msclkid", "microsoft"), ("li_fat_id", "linkedin"), ("twclid", "x"), ("ScCid", "snapchat"), ("epik", "pinterest"),
    ];

    public static AdClick? Read(string? href)
    {
        if (string.IsNullOrEmpty(href)) return null;
        var question = href.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return null;
        var query = href.AsSpan(question + 1);
        var hash = query.IndexOf('#');
        if (hash >= 0) query = query[..hash];

        string? clickName = null, clickId = null, platform = null;
        string? source = null, medium = null, campaign = null, term = null, content = null;
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            if (equals <= 0) continue;
            var name = pair[..equals].ToString();
            var value = Uri.UnescapeDataString(pair[(equals + 1)..].ToString().Replace('+', ' '));
            if (value.Length == 0) continue;
            switch (name)
            {
                case "utm_source": source = value; break;
                case "utm_medium": medium = value; break;
                case "utm_campaign": campaign = value; break;
                case "utm_term": term = value; break;
                case "utm_content": content = value; break;
                default:
                    foreach (var (parameter, owner) in ClickIds)
                    {
                        if (clickId is null && name == parameter) (clickName, clickId, platform) = (parameter, value, owner);
                    }
                    break;
            }
        }
        if (clickId is null && source is null) return null;
        return new AdClick(platform ?? source!.ToLowerInvariant(), clickName, clickId, source, medium, campaign, term, content);
    }
}

internal sealed record AdClick(string Platform, string? ClickIdName, string? ClickId, string? UtmSource, string? UtmMedium,
    string? UtmCampaign, string? UtmTerm, string? UtmContent)
{
    /// <summary>Unique per click: the click id when there is one, else the UTM tuple.</summary>
    public string ClickKey => ClickId is not null ? $"{ClickIdName}:{ClickId}" : $"utm:{UtmSource}|{UtmMedium}|{UtmCampaign}|{UtmTerm}|{UtmContent}";
}
