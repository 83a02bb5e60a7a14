using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Saas.AppHost.Orchestration;
using Saas.AppHost.Resources;

namespace Saas.AppHost.Dashboard.Live;

/// <summary>
/// <c>GET /api/resources/stream</c>: server-sent events, one <see cref="ResourceSnapshot"/> per message — every resource
/// on connect, then each resource again whenever its state, pid, restart count or health detail changes.
/// </summary>
internal static class ResourceStream
{
    public static IEndpointRouteBuilder MapResourceStream(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/resources/stream", (AppModel model, IHostApplicationLifetime lifetime, CancellationToken ct) =>
            TypedResults.ServerSentEvents(Follow(model, lifetime, ct)));
        return app;
    }

    private static async IAsyncEnumerable<ResourceSnapshot> Follow(
        AppModel model, IHostApplicationLifetime lifetime, [EnumeratorCancellation] CancellationToken ct)
    {
        // Also ends when the AppHost stops: an open tab must not hold Kestrel's graceful stop (and Ctrl+C) to its timeout.
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        // Only which resource changed is queued; its snapshot is taken when sent, so a burst of changes costs one message.
        var changed = Channel.CreateBounded<Resource>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(Resource resource) => changed.Writer.TryWrite(resource);
        foreach (var resource in model.All)
        {
            resource.Changed += OnChanged;
        }

        try
        {
            foreach (var resource in model.All)
            {
                yield return resource.Snapshot();
            }

            while (await changed.Reader.WaitOrEndAsync(end.Token))
            {
                var pending = new HashSet<Resource>();
                while (changed.Reader.TryRead(out var resource))
                {
                    pending.Add(resource);
                }

                foreach (var resource in pending)
                {
                    yield return resource.Snapshot();
                }
            }
        }
        finally
        {
            foreach (var resource in model.All)
            {
                resource.Changed -= OnChanged;
            }
        }
    }
}
