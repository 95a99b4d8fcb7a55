namespace GrainPipeline.Observability.Collections;

/// <summary>
/// The last <see cref="Capacity"/> items added, oldest overwritten first: a fixed array and an
/// index, so keeping "the last N" of an endless stream (dead letters, flushes) costs the same
/// forever. Thread-safe; adds take a short lock.
/// </summary>
public sealed class RecentItems<T>
{
    private readonly T[] _items;
    private readonly Lock _lock = new();
    private long _added;

    public RecentItems(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
    }

    public int Capacity => _items.Length;

    /// <summary>Items ever added (not only those kept).</summary>
    public long Added
    {
        get { lock (_lock) return _added; }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            _items[(int)(_added % _items.Length)] = item;
            _added++;
        }
    }

    /// <summary>The kept items, newest first.</summary>
    public IReadOnlyList<T> NewestFirst()
    {
        lock (_lock)
        {
            var kept = (int)Math.Min(_added, _items.Length);
            var list = new List<T>(kept);
            for (var i = 1; i <= kept; i++) list.Add(_items[(int)((_added - i) % _items.Length)]);
            return list;
        }
    }
}
