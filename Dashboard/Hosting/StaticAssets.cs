using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace GrainPipeline.Dashboard.Hosting;

/// <summary>The page, its script and its style, embedded in the assembly: the dashboard works offline, no CDN.</summary>
internal static class StaticAssets
{
    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> Files = Load();

    public static IResult Page() => Serve("index.html");

    public static IResult Asset(string name) => Serve(name);

    private static IResult Serve(string name) =>
        Files.TryGetValue(name, out var file) ? Results.Bytes(file.Body, file.ContentType) : Results.NotFound();

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["wwwroot/".Length..];
            files[name] = (copy.ToArray(), ContentTypeOf(name));
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
