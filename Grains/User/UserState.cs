namespace GrainPipeline.Grains.User;

/// <summary>
/// What a visitor's grain remembers between events. Every list is bounded (see the limits), so
/// state size, and the activation cap's memory estimate, stay fixed however long a visitor lives.
/// </summary>
public sealed class UserState
{
    /// <summary>
    /// Redeliveries come within a commit interval or a rebalance, so the last few ids catch them;
    /// the event store's idempotent insert is the backstop for anything older.
    /// </summary>
    public const int RecentEventIdLimit = 16;
    public const int AdTouchLimit = 16;

    /// <summary>
    /// Stable 64-bit hashes of the most recent event ids, oldest first: the first line of dedup.
    /// Hashes instead of strings keep an idle visitor's state ~10x smaller; a collision within
    /// one visitor's last 16 events (odds ~1e-18) is the price.
    /// </summary>
    public List<long> RecentEventIds { get; set; } = [];

    /// <summary>Ad clicks and UTM landings, oldest first; the first one ever is kept apart.</summary>
    public List<AdTouch> AdTouches { get; set; } = [];

    public AdTouch? FirstTouch { get; set; }

    public long Events { get; set; }

    public long Orders { get; set; }

    /// <summary>
    /// Monday of the last week this visitor was sent to the shop's weekly-visitor set. Its later
    /// events in that week need not send it again: the set already holds it, and the write was most
    /// of the store calls per event.
    /// </summary>
    public DateOnly? VisitorWeek { get; set; }

    public bool HasSeen(string eventId) => RecentEventIds.Contains(StableHash(eventId));

    public void Remember(string eventId)
    {
        if (RecentEventIds.Count >= RecentEventIdLimit) RecentEventIds.RemoveRange(0, RecentEventIds.Count - RecentEventIdLimit + 1);
        RecentEventIds.Add(StableHash(eventId));
    }

    /// <summary>Takes an id (its <see cref="StableHash"/>) back: its event did not finish, so a redelivery must run again.</summary>
    internal void Forget(long idHash)
    {
        var at = RecentEventIds.LastIndexOf(idHash);
        if (at >= 0) RecentEventIds.RemoveAt(at);
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes (unlike string.GetHashCode), since it is persisted.</summary>
    internal static long StableHash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    public void AddTouch(AdTouch touch)
    {
        // A repeated event (see IndexOutcome.AlreadyIndexed) brings its touch again.
        if (AdTouches.Contains(touch)) return;
        FirstTouch ??= touch;
        if (AdTouches.Count == AdTouchLimit) AdTouches.RemoveAt(0);
        AdTouches.Add(touch);
    }
}

/// <summary>An ad touch as the attribution stage needs it.</summary>
public sealed record AdTouch(string Platform, string? Campaign, string? ClickId, DateTimeOffset At);
