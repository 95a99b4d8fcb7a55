namespace GrainPipeline.Runtime.Tests.Grains;

/// <summary>Reminder ticks delivered to grains, in delivery order; survives runtime restarts in a test.</summary>
public sealed class TickLog
{
    private readonly Lock _lock = new();
    private readonly List<(string Key, string Name, TickStatus Status)> _ticks = [];

    public void Add(string key, string name, TickStatus status)
    {
        lock (_lock) _ticks.Add((key, name, status));
    }

    public int Count
    {
        get { lock (_lock) return _ticks.Count; }
    }

    public int CountFor(string key, string name)
    {
        lock (_lock) return _ticks.Count(t => t.Key == key && t.Name == name);
    }

    public IReadOnlyList<string> Keys
    {
        get { lock (_lock) return _ticks.Select(t => t.Key).ToList(); }
    }

    public IReadOnlyList<TickStatus> For(string key, string name)
    {
        lock (_lock) return _ticks.Where(t => t.Key == key && t.Name == name).Select(t => t.Status).ToList();
    }
}
