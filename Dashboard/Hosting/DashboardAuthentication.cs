using System.Security.Cryptography;
using System.Text;
using GrainPipeline.Dashboard.Configuration;
using Microsoft.AspNetCore.Http;

namespace GrainPipeline.Dashboard.Hosting;

/// <summary>
/// Optional authentication for everything but <c>/healthz</c> and <c>/readyz</c> (probes carry no
/// credentials). With <see cref="DashboardOptions.Token"/>: <c>Authorization: Bearer</c>, or once
/// <c>?token=</c> in the page address, which sets an HttpOnly same-site cookie so the page's own
/// requests carry it. With <see cref="DashboardOptions.User"/> and <see cref="DashboardOptions.Password"/>:
/// HTTP basic (the browser asks). Secrets are compared in constant time.
/// </summary>
internal sealed class DashboardAuthentication(DashboardOptions options)
{
    public const string CookieName = "gp_dashboard_token";
    public const string TokenQuery = "token";

    public static bool IsOpen(PathString path) =>
        path.Equals(DashboardRoutes.Health, StringComparison.OrdinalIgnoreCase) || path.Equals(DashboardRoutes.Ready, StringComparison.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!options.RequiresAuthentication || IsOpen(context.Request.Path) || IsAuthorized(context.Request))
        {
            await next(context);
            return;
        }
        if (options.Token is { Length: > 0 } token && context.Request.Query[TokenQuery] is [{ } offered] && SecretEquals(offered, token))
        {
            context.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
            });
            context.Response.Redirect(context.Request.PathBase + context.Request.Path);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = string.IsNullOrEmpty(options.User)
            ? "Bearer realm=\"grain-pipeline\""
            : "Basic realm=\"grain-pipeline\", charset=\"UTF-8\"";
        await context.Response.WriteAsync("authentication required: see Dashboard:Token or Dashboard:User in the README\n");
    }

    internal bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (options.Token is { Length: > 0 } token)
        {
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && SecretEquals(header[7..].Trim(), token)) return true;
            if (request.Cookies[CookieName] is { } cookie && SecretEquals(cookie, token)) return true;
        }
        if (options.User is { Length: > 0 } user && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            }
            catch (FormatException)
            {
                return false;
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            // Both compared, always: the answer's timing says nothing about which half was wrong.
            return colon > 0 & SecretEquals(decoded[..Math.Max(colon, 0)], user) & SecretEquals(decoded[(colon + 1)..], options.Password ?? "");
        }
        return false;
    }

    private static bool SecretEquals(string offered, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(offered)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
