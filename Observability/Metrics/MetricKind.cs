namespace GrainPipeline.Observability.Metrics;

/// <summary>How an instrument's measurements combine, and which Prometheus type shows it.</summary>
internal enum MetricKind
{
    /// <summary>Counter: measurements are increments; Prometheus counter.</summary>
    Sum,

    /// <summary>Observable counter: each measurement is the running total; Prometheus counter.</summary>
    ObservedTotal,

    /// <summary>UpDownCounter: increments that may go down; Prometheus gauge.</summary>
    UpDownSum,

    /// <summary>Gauges and observable up-down counters: last value wins; Prometheus gauge.</summary>
    LastValue,

    /// <summary>Histogram: bucket counts, sum and count.</summary>
    Histogram,
}
