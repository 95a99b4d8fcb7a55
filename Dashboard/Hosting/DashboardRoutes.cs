namespace GrainPipeline.Dashboard.Hosting;

/// <summary>Every route the dashboard serves; operators wire /metrics, /healthz and /readyz into Prometheus and Kubernetes.</summary>
public static class DashboardRoutes
{
    public const string Page = "/";
    public const string Assets = "/assets/{name}";
    public const string Metrics = "/metrics";
    public const string Health = "/healthz";
    public const string Ready = "/readyz";

    public const string Overview = "/api/overview";
    public const string Series = "/api/series";
    public const string Backpressure = "/api/backpressure";
    public const string Grains = "/api/grains";
    public const string GrainState = "/api/grains/state";
    public const string Stages = "/api/stages";
    public const string Reminders = "/api/reminders";
    public const string Flusher = "/api/flusher";
    public const string Memory = "/api/memory";
    public const string DeadLetters = "/api/deadletters";
}
