using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Saas.AppHost.Logs;
using Saas.AppHost.Orchestration;
using Saas.AppHost.Status;

namespace Saas.AppHost.Dashboard.Live;

/// <summary>
/// A resource's console output: <c>GET /api/resources/{name}/logs/stream</c> (server-sent events, one
/// <see cref="LogLine"/> per message: the kept lines, then each new one) and <c>GET /api/resources/{name}/logs/download</c>
/// (the whole <c>&lt;data&gt;/logs/&lt;name&gt;.log</c>).
/// </summary>
internal static class ConsoleLogEndpoints
{
    /// <summary>A browser that cannot keep up loses the oldest lines, not the AppHost's memory.</summary>
    private const int Backlog = 5000;

    public static IEndpointRouteBuilder MapConsoleLogs(this IEndpointRouteBuilder app)
    {
        var logs = app.MapGroup("/api/resources/{name}/logs");
        logs.MapGet("/stream", (string name, AppModel model, IHostApplicationLifetime lifetime, CancellationToken ct) => model.Find(name) is { } resource
            ? TypedResults.ServerSentEvents(Follow(resource.Log.Lines, lifetime, ct))
            : NotFound(name));
        logs.MapGet("/download", (string name, AppModel model) =>
        {
            if (model.Find(name) is not { } resource)
            {
                return NotFound(name);
            }

            // The AppHost keeps appending to the file: share it for writing, and send what is there now.
            var file = new FileStream(resource.Log.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return TypedResults.File(file, "text/plain; charset=utf-8", $"{resource.Name}.log");
        });
        return app;
    }

    private static IResult NotFound(string name) => TypedResults.NotFound(new StatusEndpoints.Problem($"no resource named '{name}'"));

    private static async IAsyncEnumerable<LogLine> Follow(LogRing ring, IHostApplicationLifetime lifetime, [EnumeratorCancellation] CancellationToken ct)
    {
        // Also ends when the AppHost stops: an open tab must not hold Kestrel's graceful stop (and Ctrl+C) to its timeout.
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        var lines = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest });
        var kept = ring.TailAndFollow(line => lines.Writer.TryWrite(line), out var subscription);
        using (subscription)
        {
            foreach (var line in kept)
            {
                yield return line;
            }

            while (await lines.Reader.WaitOrEndAsync(end.Token))
            {
                while (lines.Reader.TryRead(out var line))
                {
                    yield return line;
                }
            }
        }
    }
}
