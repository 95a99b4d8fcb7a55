namespace GrainPipeline.Grains.User;

/// <summary>
/// What a visitor's grain remembers between events. Every list is bounded (see the limits), so
/// state size, and the activation cap's memory estimate, stay fixed however long a visitor lives.
/// </summary>
public sealed class UserState
{
    public const int RecentEventIdLimit = 64;
    public const int AdTouchLimit = 16;

    /// <summary>Most recent event ids, oldest first: the first line of dedup.</summary>
    public List<string> RecentEventIds { get; set; } = [];

    /// <summary>Ad clicks and UTM landings, oldest first; the first one ever is kept apart.</summary>
    public List<AdTouch> AdTouches { get; set; } = [];

    public AdTouch? FirstTouch { get; set; }

    public long Events { get; set; }

    public long Orders { get; set; }

    public bool HasSeen(string eventId) => RecentEventIds.Contains(eventId, StringComparer.Ordinal);

    public void Remember(string eventId)
    {
        if (RecentEventIds.Count == RecentEventIdLimit) RecentEventIds.RemoveAt(0);
        RecentEventIds.Add(eventId);
    }

    public void AddTouch(AdTouch touch)
    {
        FirstTouch ??= touch;
        if (AdTouches.Count == AdTouchLimit) AdTouches.RemoveAt(0);
        AdTouches.Add(touch);
    }
}

/// <summary>An ad touch as the attribution stage needs it.</summary>
public sealed record AdTouch(string Platform, string? Campaign, string? ClickId, DateTimeOffset At);
