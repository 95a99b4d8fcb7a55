namespace GrainPipeline.Stores.Redis.Options;

/// <summary>Checks <see cref="RedisOptions"/> before start; each message names the setting.</summary>
public static class RedisOptionsValidator
{
    public static IEnumerable<string> Validate(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = RedisOptions.Section;
        if (string.IsNullOrWhiteSpace(options.Host)) yield return $"{S}:Host must be set.";
        if (options.Port is < 1 or > 65535) yield return $"{S}:Port must be between 1 and 65535 (got {options.Port}).";
        if (options.Database is < 0 or > 15_000) yield return $"{S}:Database must be between 0 and 15000 (got {options.Database}).";
        if (!string.IsNullOrEmpty(options.User) && string.IsNullOrEmpty(options.Password))
            yield return $"{S}:User is set but {S}:Password is empty; AUTH needs both.";
        if (!options.UseTls && (!string.IsNullOrEmpty(options.TlsHost) || !string.IsNullOrEmpty(options.TlsCaCertificateFile)))
            yield return $"{S}:TlsHost and {S}:TlsCaCertificateFile need {S}:UseTls=true.";
        if (!string.IsNullOrEmpty(options.TlsCaCertificateFile) && !File.Exists(options.TlsCaCertificateFile))
            yield return $"{S}:TlsCaCertificateFile '{options.TlsCaCertificateFile}' does not exist.";
        if (options.ConnectTimeout <= TimeSpan.Zero) yield return $"{S}:ConnectTimeout must be positive (got {options.ConnectTimeout}).";
        if (options.CommandTimeout <= TimeSpan.Zero) yield return $"{S}:CommandTimeout must be positive (got {options.CommandTimeout}).";
        if (options.ResponseTimeout < TimeSpan.FromSeconds(1)) yield return $"{S}:ResponseTimeout must be at least 1 s (got {options.ResponseTimeout}).";
        if (options.MaxPendingCommands is < 1 or > 1_000_000) yield return $"{S}:MaxPendingCommands must be between 1 and 1000000 (got {options.MaxPendingCommands}).";
        if (options.WriteBufferBytes is < 1024 or > 16 * 1024 * 1024) yield return $"{S}:WriteBufferBytes must be between 1024 and 16777216 (got {options.WriteBufferBytes}).";
        if (options.MaxReplyBytes is < 64 * 1024 or > 512 * 1024 * 1024) yield return $"{S}:MaxReplyBytes must be between 65536 and 536870912 (got {options.MaxReplyBytes}).";
        if (options.ReconnectMinBackoff <= TimeSpan.Zero) yield return $"{S}:ReconnectMinBackoff must be positive (got {options.ReconnectMinBackoff}).";
        if (options.ReconnectMaxBackoff < options.ReconnectMinBackoff)
            yield return $"{S}:ReconnectMaxBackoff must be at least {S}:ReconnectMinBackoff (got {options.ReconnectMaxBackoff} < {options.ReconnectMinBackoff}).";
        if (options.KeyPrefix is null || options.KeyPrefix.IndexOfAny(['*', '?', '[', ']', '\\', '{', '}']) >= 0)
            yield return $"{S}:KeyPrefix must be set and must not contain * ? [ ] \\ {{ }} (got '{options.KeyPrefix}').";
        if (options.StatsScanCount is < 1 or > 100_000) yield return $"{S}:StatsScanCount must be between 1 and 100000 (got {options.StatsScanCount}).";
        if (options.WeeklyVisitorRetention < TimeSpan.FromDays(7)) yield return $"{S}:WeeklyVisitorRetention must be at least 7 days (got {options.WeeklyVisitorRetention}).";
        if (options.StatsAppliedRetention < TimeSpan.FromMinutes(10)) yield return $"{S}:StatsAppliedRetention must be at least 10 minutes, longer than any redelivery (got {options.StatsAppliedRetention}).";
    }

    /// <summary>Throws one exception listing every bad setting.</summary>
    public static void ThrowIfInvalid(RedisOptions options) =>
        GrainPipeline.Runtime.Configuration.OptionsValidationException.ThrowIfAny(Validate(options));
}
