using GrainPipeline.Dashboard.Sampling;
using GrainPipeline.Observability.Metrics;
using Microsoft.AspNetCore.Builder;

namespace GrainPipeline.Dashboard.Hosting;

/// <summary>A started dashboard: where it listens and its sampler. Disposing stops both.</summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PrometheusExporter _exporter;
    private bool _disposed;

    internal DashboardServer(WebApplication app, Sampler sampler, PrometheusExporter exporter, Uri baseAddress)
    {
        _app = app;
        Sampler = sampler;
        _exporter = exporter;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. <c>http://127.0.0.1:8080/</c> (the port actually bound when 0 was asked for).</summary>
    public Uri BaseAddress { get; }

    public Sampler Sampler { get; }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await Sampler.DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _exporter.Dispose();
    }
}
