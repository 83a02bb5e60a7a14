using Microsoft.AspNetCore.Http.HttpResults;
using Saas.ServiceDefaults.Errors;
using Saas.Webhooks.Features.Replay;

namespace Saas.Webhooks.Features.Backfill;

public sealed record BackfillRequest(DateTimeOffset? Since, string? RequestedBy);

public static class BackfillEndpoints
{
    /// <summary>Stripe keeps undelivered events for 30 days: asking for more finds nothing more.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapBackfillEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost($"{ReplayEndpoints.Prefix}/backfill", BackfillAsync).WithTags("Webhook event log (internal)").ExcludeFromDescription().RequireWebhooksApiKey();
        return routes;
    }

    public static async Task<Results<Ok<BackfillResult>, ProblemHttpResult>> BackfillAsync(
        StripeBackfill backfill, TimeProvider time, BackfillRequest body, HttpRequest request, ILogger<StripeBackfill> logger, CancellationToken ct)
    {
        if (!backfill.IsConfigured)
        {
            return ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, "Stripe API key is not configured (Stripe:SecretKey)");
        }

        var requestedBy = body.RequestedBy ?? request.Headers[ReplayEndpoints.RequestedByHeader].ToString();
        if (string.IsNullOrWhiteSpace(requestedBy))
        {
            return ErrorResults.BadRequest($"requestedBy (or the {ReplayEndpoints.RequestedByHeader} header) is required", "requestedBy");
        }

        var earliest = time.GetUtcNow() - Retention;
        var since = body.Since is { } s && s > earliest ? s : earliest;
        logger.LogInformation("Backfill since {Since} requested by {RequestedBy}", since, requestedBy);
        return TypedResults.Ok(await backfill.RunAsync(since, ct));
    }
}
