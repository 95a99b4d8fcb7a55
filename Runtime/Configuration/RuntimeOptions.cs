namespace GrainPipeline.Runtime.Configuration;

/// <summary>Bounds and timings of the activation catalog (section <c>Runtime</c>).</summary>
public sealed class RuntimeOptions
{
    public const string Section = "Runtime";
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(2);
    public const int DefaultMaxActivations = 100_000;
    public const int DefaultMaxConcurrentDeactivations = 64;

    /// <summary>An activation with no call for this long is deactivated.</summary>
    public TimeSpan IdleTimeout { get; set; } = DefaultIdleTimeout;

    /// <summary>How often the idle collector looks; idle activations live up to IdleTimeout + this.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Hard cap on live activations; least recently used idle ones are shed first.</summary>
    public int MaxActivations { get; set; } = DefaultMaxActivations;

    /// <summary>Shedding brings the count down to this share of MaxActivations.</summary>
    public double SheddingTarget { get; set; } = 0.9;

    /// <summary>
    /// Expected size of one activation with its state, for the start-up memory check. A live
    /// visitor grain measured 2–2.6 KB of managed heap in the 1M-event replay (BENCHMARKS.md).
    /// </summary>
    public int ExpectedActivationBytes { get; set; } = 2560;

    /// <summary>
    /// How many OnDeactivateAsync steps run at once. A stopping silo or a revoked partition
    /// deactivates tens of thousands of grains together; unbounded, each would serialize its state
    /// and queue its write at the same moment, and the silo's memory would peak at shutdown.
    /// </summary>
    public int MaxConcurrentDeactivations { get; set; } = DefaultMaxConcurrentDeactivations;

    /// <summary>
    /// How many queued calls of a batched method (<see cref="GrainReference.InvokeBatched{TGrain, TArg}"/>)
    /// one turn may take together. 1 runs every call in its own turn.
    /// </summary>
    public int MaxCallsPerTurn { get; set; } = 16;

    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a stop's or a hand-over's deactivations may take all together. Each one is bounded by
    /// <see cref="DeactivationTimeout"/>, but with a hung store they go out
    /// <see cref="MaxConcurrentDeactivations"/> at a time, each waiting out its store's timeout, and
    /// 4k grains took 48 s. Past this bound the rest are deactivated with a cancelled token: their
    /// state writes fail at once and their next activations read their last written state.
    /// </summary>
    public TimeSpan BulkDeactivationTimeout { get; set; } = TimeSpan.FromSeconds(20);
    public TimeSpan SlotWaitBeforeShedding { get; set; } = TimeSpan.FromMilliseconds(50);

    internal int SheddingHighMark => Math.Max(1, MaxActivations - Math.Max(1, MaxActivations / 50));
    internal int SheddingLowMark => Math.Max(0, (int)(MaxActivations * SheddingTarget));

    /// <summary>Checks every setting; the message names the setting so start-up can stop with it.</summary>
    public IEnumerable<string> Validate()
    {
        if (IdleTimeout <= TimeSpan.Zero) yield return $"{Section}:IdleTimeout must be positive (got {IdleTimeout}).";
        if (TimerLimits.CheckDelay($"{Section}:CollectionInterval", CollectionInterval) is { } interval) yield return interval;
        if (MaxActivations < 1) yield return $"{Section}:MaxActivations must be at least 1 (got {MaxActivations}).";
        if (MaxConcurrentDeactivations < 1) yield return $"{Section}:MaxConcurrentDeactivations must be at least 1 (got {MaxConcurrentDeactivations}).";
        if (SheddingTarget is <= 0 or >= 1) yield return $"{Section}:SheddingTarget must be between 0 and 1 (got {SheddingTarget}).";
        if (MaxCallsPerTurn < 1) yield return $"{Section}:MaxCallsPerTurn must be at least 1 (got {MaxCallsPerTurn}).";
        if (ExpectedActivationBytes < 0) yield return $"{Section}:ExpectedActivationBytes must not be negative.";
        if (TimerLimits.CheckDelay($"{Section}:ActivationTimeout", ActivationTimeout) is { } activation) yield return activation;
        if (TimerLimits.CheckDelay($"{Section}:DeactivationTimeout", DeactivationTimeout) is { } deactivation) yield return deactivation;
        if (TimerLimits.CheckDelay($"{Section}:BulkDeactivationTimeout", BulkDeactivationTimeout) is { } bulk) yield return bulk;
        if (TimerLimits.CheckDelay($"{Section}:SlotWaitBeforeShedding", SlotWaitBeforeShedding) is { } slotWait) yield return slotWait;
    }
}
