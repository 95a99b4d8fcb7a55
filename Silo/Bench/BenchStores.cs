namespace GrainPipeline.Silo.Bench;

/// <summary>How one silo process of the bench is started: its store flags and environment.</summary>
internal sealed record SiloLaunch(string Arguments, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// The stores a bench phase measures the pipeline on. Every silo run gets stores of its own
/// (<see cref="PrepareAsync"/>), so no run finds the events of an earlier one and skips them as duplicates.
/// </summary>
internal interface IBenchStores
{
    /// <summary>The <c>--stores</c> name.</summary>
    string Kind { get; }

    Task<SiloLaunch> PrepareAsync(string run, CancellationToken cancellation);

    /// <summary>Rows in the run's events table after the silo exited, or null where the stores die with the silo.</summary>
    Task<long?> CountEventRowsAsync(string run, CancellationToken cancellation);

    /// <summary>CPU seconds the store servers have used so far, or null when they are not ours to read.</summary>
    double? ServerCpuSeconds();
}

/// <summary>In-memory stores: they live and die in the silo process, so there is nothing to prepare or read.</summary>
internal sealed class MemoryBenchStores(IReadOnlyDictionary<string, string> environment) : IBenchStores
{
    public string Kind => Hosting.StoreKinds.Memory;

    public Task<SiloLaunch> PrepareAsync(string run, CancellationToken cancellation) =>
        Task.FromResult(new SiloLaunch("--single-silo --no-dashboard", environment));

    public Task<long?> CountEventRowsAsync(string run, CancellationToken cancellation) => Task.FromResult<long?>(null);

    public double? ServerCpuSeconds() => null;
}
