using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace Saas.Gateway.RateLimiting;

/// <summary>
/// The webhook routes' limit counts only the deliveries the webhooks service refused (a 4xx: missing, bad or stale
/// signature, malformed or oversized payload). A client IP that used up its window of refusals gets 429 until the
/// window ends; validly signed deliveries are never counted, so a burst of any size from Stripe's addresses passes.
/// The gateway holds no webhook secret: the service that owns the secrets (rotation list, operator's and
/// emulator's) is the one that decides what "valid" means. Routes opt in with <c>"Metadata": { "RateLimit": "webhook-rejections" }</c>.
/// </summary>
public static class WebhookRejectionLimit
{
    public const string MetadataKey = "RateLimit";
    public const string MetadataValue = "webhook-rejections";

    public static IServiceCollection AddWebhookRejectionLimit(this IServiceCollection services) =>
        services.AddSingleton<WebhookRejectionLimitMiddleware>();

    /// <summary>After routing (WebApplication routes first), before the proxy forwards.</summary>
    public static IApplicationBuilder UseWebhookRejectionLimit(this IApplicationBuilder app) =>
        app.UseMiddleware<WebhookRejectionLimitMiddleware>();
}

internal sealed class WebhookRejectionLimitMiddleware(IOptions<RateLimitingOptions> options) : IMiddleware, IDisposable
{
    private PartitionedRateLimiter<string>? rejections;

    // Every other route passes straight through, without an async state machine per request.
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();
        return route?.Config.Metadata?.TryGetValue(WebhookRejectionLimit.MetadataKey, out var kind) == true &&
               kind == WebhookRejectionLimit.MetadataValue
            ? LimitAsync(context, next)
            : next(context);
    }

    private async Task LimitAsync(HttpContext context, RequestDelegate next)
    {
        var limiter = rejections ??= Create(options.Value.Webhooks);
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

        // Zero permits asks "is anything left?" without spending: only refusals spend.
        using (var probe = limiter.AttemptAcquire(client, 0))
        {
            if (!probe.IsAcquired)
            {
                var seconds = probe.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : options.Value.Webhooks.WindowSeconds;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await GatewayErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, $"Too many requests, retry in {seconds} seconds");
                return;
            }
        }

        // Counted as the response starts, before its headers leave: counted after `next` returned, a client's next
        // delivery could be checked before this refusal was counted and slip one past the limit.
        context.Response.OnStarting(CountRefusal, new RefusalCount(context.Response, limiter, client));
        await next(context);
    }

    private static Task CountRefusal(object state)
    {
        var (response, limiter, client) = (RefusalCount)state;
        if (response.StatusCode is >= 400 and < 500 and not StatusCodes.Status429TooManyRequests)
        {
            limiter.AttemptAcquire(client).Dispose();
        }

        return Task.CompletedTask;
    }

    private sealed record RefusalCount(HttpResponse Response, PartitionedRateLimiter<string> Limiter, string Client);

    private static PartitionedRateLimiter<string> Create(WindowLimit limit) =>
        PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 }));

    public void Dispose() => rejections?.Dispose();
}
