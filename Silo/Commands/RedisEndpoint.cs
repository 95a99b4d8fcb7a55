using System.Globalization;
using GrainPipeline.Stores.Redis.Options;

namespace GrainPipeline.Silo.Commands;

/// <summary>
/// Turns <c>--redis</c> into <c>Redis:*</c> configuration keys. Accepted forms: <c>host</c>,
/// <c>host:port</c>, <c>[ipv6]:port</c>, and <c>redis://[[user]:password@]host[:port][/db]</c>
/// (<c>rediss://</c> for TLS). Other settings (timeouts, key prefix, CA file) come from the <c>Redis</c> section.
/// </summary>
internal static class RedisEndpoint
{
    public static Dictionary<string, string?> ToConfiguration(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        const string S = RedisOptions.Section;
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        text = text.Trim();
        if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                throw new ArgumentException($"--redis '{text}' is not a valid redis:// address (redis://[[user]:password@]host[:port][/db]).");
            keys[$"{S}:Host"] = uri.Host.Trim('[', ']');
            keys[$"{S}:Port"] = (uri.IsDefaultPort || uri.Port < 0 ? RedisOptions.DefaultPort : uri.Port).ToString(CultureInfo.InvariantCulture);
            keys[$"{S}:UseTls"] = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) ? "true" : "false";
            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                var user = Uri.UnescapeDataString(colon < 0 ? "" : uri.UserInfo[..colon]);
                var password = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[(colon + 1)..]);
                if (user.Length > 0) keys[$"{S}:User"] = user;
                if (password.Length > 0) keys[$"{S}:Password"] = password;
            }
            var path = uri.AbsolutePath.Trim('/');
            if (path.Length > 0)
            {
                if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
                    throw new ArgumentException($"--redis '{text}': the path must be a database number (got '/{path}').");
                keys[$"{S}:Database"] = database.ToString(CultureInfo.InvariantCulture);
            }
            return keys;
        }

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new ArgumentException($"--redis '{text}': an IPv6 address needs its closing ']'.");
            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':') throw new ArgumentException($"--redis '{text}': expected ':port' after ']'.");
                port = text[(close + 2)..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }
        if (host.Length == 0) throw new ArgumentException($"--redis '{text}': the host is missing.");
        keys[$"{S}:Host"] = host;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                throw new ArgumentException($"--redis '{text}': the port must be a number from 1 to 65535 (got '{port}').");
            keys[$"{S}:Port"] = number.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            keys[$"{S}:Port"] = RedisOptions.DefaultPort.ToString(CultureInfo.InvariantCulture);
        }
        return keys;
    }
}
