using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Configuration;

namespace Saas.Gateway.RateLimiting;

/// <summary>
/// Fixed-window limits per client IP, attached to YARP routes by name (<c>"RateLimiterPolicy": "auth"</c>
/// in the route's configuration). Each policy counts on its own: a client refused by the credential limit still reaches
/// <c>me</c> and <c>refresh-token</c>. The webhook routes count refusals only: see <see cref="WebhookRejectionLimit"/>.
/// A rejected call gets 429, <c>Retry-After</c> and an <c>error</c> body.
/// </summary>
public static class RateLimitingExtensions
{
    public const string AuthPolicy = "auth";
    public const string SessionPolicy = "session";

    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitingOptions>(RateLimitingOptions.SectionName);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(AuthPolicy, context => PerClient(context, o => o.Auth));
            limiter.AddPolicy(SessionPolicy, context => PerClient(context, o => o.Session));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, Func<RateLimitingOptions, WindowLimit> select)
    {
        // Read per request rather than at registration: options are validated when the host starts, later than this.
        var limit = select(context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value);

        // After UseTrustedProxies this is the client behind a trusted load balancer; TestServer leaves it null.
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancel)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var context = rejected.HttpContext;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await GatewayErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, $"Too many requests, retry in {seconds} seconds");
    }
}
