using System.Buffers;

namespace Saas.Gateway.InternalPaths;

/// <summary>
/// Services expose service-to-service endpoints under <c>/internal</c>. They must never be reachable
/// from outside, even if a route in configuration would match them, so this runs before routing's
/// endpoints, CORS and the proxy, and answers 404 as for any unknown path.
/// </summary>
public static class InternalPathBlocking
{
    private const string Prefix = "internal";

    // Percent-encoding, backslashes and dot segments are what a backend might normalise differently.
    private static readonly SearchValues<char> NeedsNormalising = SearchValues.Create("%\\.");

    public static IApplicationBuilder UseInternalPathBlocking(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsInternal(context.Request.Path))
            {
                await GatewayErrors.WriteAsync(context, StatusCodes.Status404NotFound, "Not found");
                return;
            }

            await next(context);
        });

    /// <summary>
    /// True when the path, once normalised the way a backend might normalise it (percent-decoding
    /// including <c>%2F</c>, backslashes, empty and dot segments, any case), starts with <c>/internal</c>.
    /// Kestrel already does part of this; TestServer and other hosts do not, so we do not rely on it.
    /// </summary>
    public static bool IsInternal(PathString path)
    {
        // Most paths have nothing to decode or normalise: then the first non-empty segment decides, with no allocation.
        var raw = path.Value.AsSpan();
        if (!raw.ContainsAny(NeedsNormalising))
        {
            var first = raw.TrimStart('/');
            return first.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
        }

        var decoded = Uri.UnescapeDataString(path.Value ?? "").Replace('\\', '/');
        var segments = new List<string>();
        foreach (var segment in decoded.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        // A prefix, not a whole segment: "/internal-x" or "/internal;x" are blocked too, no public route looks like that.
        return segments.Count > 0 && segments[0].StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
    }
}
