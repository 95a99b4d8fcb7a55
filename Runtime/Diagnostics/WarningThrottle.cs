namespace GrainPipeline.Runtime.Diagnostics;

/// <summary>
/// Lets one warning through per interval and counts the ones held back, so that a store outage
/// failing thousands of grains' state writes logs a line every few seconds, not one per grain.
/// </summary>
internal sealed class WarningThrottle(TimeSpan interval, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private long _lastPassed;
    private bool _passedBefore;
    private long _heldBack;

    /// <summary>True when this warning may be logged; <paramref name="heldBack"/> is how many were not since the last one that was.</summary>
    public bool TryPass(out long heldBack)
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            if (_passedBefore && clock.GetElapsedTime(_lastPassed, now) < interval)
            {
                _heldBack++;
                heldBack = 0;
                return false;
            }
            _passedBefore = true;
            _lastPassed = now;
            heldBack = _heldBack;
            _heldBack = 0;
            return true;
        }
    }
}
