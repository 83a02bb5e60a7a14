using System.Collections.Frozen;

namespace Saas.AppHost.Dashboard;

/// <summary>
/// The dashboard's pages: plain HTML with a little vanilla JS and one stylesheet, embedded in the AppHost (no build step,
/// nothing to find on disk at run time). Each page fetches its data from the JSON APIs beside it.
/// </summary>
internal static class DashboardPages
{
    private static readonly FrozenDictionary<string, (byte[] Content, string Type)> Files = Load();

    public static IEndpointRouteBuilder MapDashboardPages(this IEndpointRouteBuilder app)
    {
        Page(app, "/", "resources.html");
        Page(app, "/logs", "console.html");
        Page(app, "/logs/{name}", "console.html");
        Page(app, "/structured", "structured.html");
        Page(app, "/traces", "traces.html");
        Page(app, "/traces/{traceId}", "trace.html");
        Page(app, "/metrics", "metrics.html");
        // The login page needs the stylesheet before there is a session; it holds nothing secret.
        app.MapGet("/assets/dashboard.css", () => Serve("dashboard.css")).AllowAnonymous();
        app.MapGet("/assets/{file}", (string file) => Serve(file));
        return app;
    }

    private static void Page(IEndpointRouteBuilder app, string route, string file) => app.MapGet(route, () => Serve(file));

    private static IResult Serve(string file) => Files.TryGetValue(file, out var found)
        ? TypedResults.Bytes(found.Content, found.Type)
        : TypedResults.NotFound();

    private static FrozenDictionary<string, (byte[] Content, string Type)> Load()
    {
        const string prefix = "dashboard/";
        var assembly = typeof(DashboardPages).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[prefix.Length..], name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return (copy.ToArray(), ContentType(name));
            });
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };
}
