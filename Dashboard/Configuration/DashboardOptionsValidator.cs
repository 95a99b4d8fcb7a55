using System.Net;
using Microsoft.Extensions.Options;

namespace GrainPipeline.Dashboard.Configuration;

/// <summary>Checks <see cref="DashboardOptions"/> before start; each message names the setting as an operator writes it.</summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Check(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IEnumerable<string> Check(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = DashboardOptions.Section;
        if (!IPAddress.TryParse(options.ListenAddress, out _)) yield return $"{s}:ListenAddress must be an IP address, not '{options.ListenAddress}'.";
        if (options.Port is < 0 or > 65535) yield return $"{s}:Port must be between 0 and 65535 (0 = any free port), not {options.Port}.";
        if (options.SampleInterval < TimeSpan.FromMilliseconds(100) || options.SampleInterval > TimeSpan.FromMinutes(1))
            yield return $"{s}:SampleInterval must be between 00:00:00.1 and 00:01:00, not {options.SampleInterval}.";
        if (options.HistoryPoints is < 10 or > 86_400) yield return $"{s}:HistoryPoints must be between 10 and 86400, not {options.HistoryPoints}.";
        if (options.MaxSeries is < 8 or > 1024) yield return $"{s}:MaxSeries must be between 8 and 1024, not {options.MaxSeries}.";
        if (options.TopGrains is < 1 or > 256) yield return $"{s}:TopGrains must be between 1 and 256, not {options.TopGrains}.";
        if (string.IsNullOrEmpty(options.User) != string.IsNullOrEmpty(options.Password))
            yield return $"{s}:User and {s}:Password must be set together (basic authentication).";
        if (options.User?.Contains(':', StringComparison.Ordinal) == true) yield return $"{s}:User must not contain ':'.";
        if (options.Token is { Length: > 0 and < 16 }) yield return $"{s}:Token must be at least 16 characters.";
    }
}
