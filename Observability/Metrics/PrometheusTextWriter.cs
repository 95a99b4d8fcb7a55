using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace GrainPipeline.Observability.Metrics;

/// <summary>
/// Formats instruments in the Prometheus text exposition format (version 0.0.4): dots become
/// underscores, the unit becomes a suffix (<c>_milliseconds</c>, <c>_bytes</c>), counters end in
/// <c>_total</c>, histograms get cumulative <c>_bucket</c> lines with <c>le</c>, <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusTextWriter
{
    public static void Write(StringBuilder text, Instrument instrument, MetricKind kind, IEnumerable<MetricSeries> series)
    {
        var name = NameOf(instrument, kind);
        var type = kind switch
        {
            MetricKind.Sum or MetricKind.ObservedTotal => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        };
        if (!string.IsNullOrEmpty(instrument.Description))
            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(instrument.Description)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

        foreach (var one in series)
        {
            var (value, count, buckets) = one.Snapshot();
            if (kind != MetricKind.Histogram)
            {
                Sample(text, name, one.Labels, null, value);
                continue;
            }

            for (var i = 0; i < buckets.Length; i++)
            {
                var le = i < MetricSeries.BucketBounds.Length ? Number(MetricSeries.BucketBounds[i]) : "+Inf";
                Sample(text, name + "_bucket", one.Labels, "le=\"" + le + "\"", buckets[i]);
            }
            Sample(text, name + "_sum", one.Labels, null, value);
            Sample(text, name + "_count", one.Labels, null, count);
        }
    }

    /// <summary>Label text for a tag set: sorted by key, values escaped.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return "";
        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var tag in sorted)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(Sanitize(tag.Key)).Append("=\"").Append(EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }
        return text.ToString();
    }

    internal static string NameOf(Instrument instrument, MetricKind kind)
    {
        var name = Sanitize(instrument.Name);
        var suffix = instrument.Unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            "By" => "_bytes",
            _ => "",
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal)) name += suffix;
        if (kind is MetricKind.Sum or MetricKind.ObservedTotal && !name.EndsWith("_total", StringComparison.Ordinal)) name += "_total";
        return name;
    }

    private static void Sample(StringBuilder text, string name, string labels, string? extra, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || extra is not null)
        {
            text.Append('{').Append(labels);
            if (extra is not null) text.Append(labels.Length > 0 ? "," : "").Append(extra);
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or ':')) chars[i] = '_';
        return new string(chars);
    }

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
