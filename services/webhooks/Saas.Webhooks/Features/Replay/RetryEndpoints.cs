using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Saas.ServiceDefaults.Errors;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Replay;

/// <summary>
/// What admin needs for saasbackend's retry and stats routes, under the internal event log API (key required).
/// Retries answer 200 with the outcome in the body; admin turns a failed retry into saasbackend's 500.
/// </summary>
public static class RetryEndpoints
{
    public static IEndpointRouteBuilder MapSaasBackendRetryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(ReplayEndpoints.Prefix).WithTags("Webhook event log (internal)").ExcludeFromDescription().RequireWebhooksApiKey();
        group.MapPost("/events/{id}/retry", RetryOneAsync);
        group.MapPost("/retries", RetryFailedAsync);
        group.MapGet("/stats", async (StripeEventLog log, CancellationToken ct) => TypedResults.Ok(await WebhookStats.ComputeAsync(log, ct)));
        return routes;
    }

    /// <summary>saasbackend's rules: unknown → 404, processed → 400; a pending one is already on its way (409).</summary>
    public static async Task<Results<Ok<RetryResponse>, ProblemHttpResult>> RetryOneAsync(
        string id, [FromBody] RetryRequest? body, StripeEventLog log, RetryRunner runner, HttpRequest request, CancellationToken ct)
    {
        if (RequestedBy(body?.RequestedBy, request) is not { } requestedBy)
        {
            return ErrorResults.BadRequest($"requestedBy (or the {ReplayEndpoints.RequestedByHeader} header) is required", "requestedBy");
        }

        if (id.Length > 200 || await log.FindAsync(id, ct) is not { } e)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, "Webhook event not found");
        }

        if (e.Status == EventStatus.Processed)
        {
            return ErrorResults.BadRequest("Event already processed");
        }

        if (e.Status == EventStatus.Received)
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict, "The event is still pending; it will be processed without a retry");
        }

        return TypedResults.Ok(Response(await runner.RetryAsync(e, requestedBy, ct)));
    }

    public static async Task<Results<Ok<RetryBatchResponse>, ProblemHttpResult>> RetryFailedAsync([FromBody] RetryBatchRequest? body, RetryRunner runner, HttpRequest request, CancellationToken ct)
    {
        var (limit, maxRetries) = (body?.Limit ?? 10, body?.MaxRetries ?? 3);
        if (limit is < 1 or > 100)
        {
            return ErrorResults.BadRequest("limit must be between 1 and 100", "limit");
        }

        if (maxRetries is < 1 or > 100)
        {
            return ErrorResults.BadRequest("maxRetries must be between 1 and 100", "maxRetries");
        }

        if (RequestedBy(body?.RequestedBy, request) is not { } requestedBy)
        {
            return ErrorResults.BadRequest($"requestedBy (or the {ReplayEndpoints.RequestedByHeader} header) is required", "requestedBy");
        }

        var outcomes = await runner.RetryFailedAsync(limit, maxRetries, requestedBy, ct);
        return TypedResults.Ok(new RetryBatchResponse(
            outcomes.Count,
            outcomes.Count(o => o.Result == RetryOutcome.Processed),
            outcomes.Count(o => o.Result == RetryOutcome.Failed),
            outcomes.Count(o => o.Result == RetryOutcome.Pending),
            [.. outcomes.Where(o => o.Result == RetryOutcome.Failed).Select(o => new RetryError(o.Event.StripeEventId, o.Message))]));
    }

    private static string? RequestedBy(string? given, HttpRequest request) =>
        (string.IsNullOrWhiteSpace(given) ? request.Headers[ReplayEndpoints.RequestedByHeader].ToString() : given) is { Length: > 0 } who
            && !string.IsNullOrWhiteSpace(who) ? who.Trim() : null;

    private static RetryResponse Response(RetryOutcome outcome) => new(outcome.Result, outcome.Message, EventDetail.From(outcome.Event));
}

public sealed record RetryRequest(string? RequestedBy);

public sealed record RetryBatchRequest(int? Limit, int? MaxRetries, string? RequestedBy);

public sealed record RetryResponse(string Result, string Message, EventDetail Event);

public sealed record RetryBatchResponse(int Total, int Succeeded, int Failed, int Pending, IReadOnlyList<RetryError> Errors);

public sealed record RetryError(string EventId, string Error);
