namespace GrainPipeline.Dashboard.Configuration;

/// <summary>The dashboard's settings (section <c>Dashboard</c>; environment <c>Dashboard__Port</c>, <c>Dashboard__Token</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";
    public const int DefaultPort = 8080;
    public const int DefaultHistoryPoints = 300;

    /// <summary>Serve the dashboard at all (<c>--no-dashboard</c> turns it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address to listen on; all interfaces by default so Kubernetes probes and Prometheus reach it.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>TCP port; 0 picks a free one (tests, several silos on one machine).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>When set, every request but /healthz and /readyz needs <c>Authorization: Bearer {Token}</c>.</summary>
    public string? Token { get; set; }

    /// <summary>With <see cref="Password"/>: HTTP basic authentication (the browser asks for it).</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>How often the sampler reads the silo's counters into the rings.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Points kept per series: 300 at one a second is the last five minutes.</summary>
    public int HistoryPoints { get; set; } = DefaultHistoryPoints;

    /// <summary>Most series the rings will hold (per grain type and per stage ones included); more are not recorded.</summary>
    public int MaxSeries { get; set; } = 64;

    /// <summary>Length of the top-grain lists.</summary>
    public int TopGrains { get; set; } = 20;

    public bool RequiresAuthentication => !string.IsNullOrEmpty(Token) || !string.IsNullOrEmpty(User);
}
