using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Security;
using Saas.ServiceDefaults.Errors;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Replay;

/// <summary>
/// The event log and replay API for the admin service. Under <c>/internal</c>, which the gateway never routes, and
/// behind the internal API key (<c>Webhooks:InternalApiKey</c>): reaching the network is not enough.
/// </summary>
public static class ReplayEndpoints
{
    public const string Prefix = "/internal/webhooks";
    public const string RequestedByHeader = "X-Requested-By";
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapReplayEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("Webhook event log (internal)").ExcludeFromDescription().RequireWebhooksApiKey();
        group.MapGet("/events", ListAsync);
        group.MapGet("/events/{id}", GetAsync);
        group.MapGet("/counts", CountsAsync);
        group.MapPost("/events/{id}/replay", ReplayOneAsync);
        group.MapPost("/replays", ReplayByFilterAsync);
        return routes;
    }

    /// <summary>
    /// <paramref name="eventType"/> and <paramref name="offset"/> are saasbackend's names: the type filter, and the
    /// number of events to skip (instead of <paramref name="page"/>).
    /// </summary>
    public static async Task<Results<Ok<EventPage>, ProblemHttpResult>> ListAsync(
        StripeEventLog log, string? status, string? type, string? eventType, string? customer, DateTimeOffset? from, DateTimeOffset? to,
        string? offset, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        if (!string.IsNullOrEmpty(type) && !string.IsNullOrEmpty(eventType) && type != eventType)
        {
            return ErrorResults.BadRequest("type and eventType name the same filter: give one", "eventType");
        }

        var skip = (page - 1) * pageSize;
        if (!string.IsNullOrEmpty(offset))
        {
            if (!int.TryParse(offset, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out skip))
            {
                return ErrorResults.BadRequest("offset must be a whole number, 0 or more", "offset");
            }

            page = skip / Math.Max(pageSize, 1) + 1;
        }

        var filter = new EventFilter(status, string.IsNullOrEmpty(type) ? NullIfEmpty(eventType) : type, customer, from, to);
        if (filter.Problem is { } problem)
        {
            return ErrorResults.BadRequest(problem);
        }

        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return ErrorResults.BadRequest($"page must be at least 1 and pageSize between 1 and {MaxPageSize}");
        }

        var predicate = filter.ToPredicate();
        var events = await log.FindAsync(predicate, new()
        {
            SortBy = [new(e => e.StripeCreated, Descending: true), new(e => e.Id, Descending: true)],
            Skip = skip,
            Take = pageSize,
        }, ct);
        var total = await log.CountAsync(predicate, ct);
        return TypedResults.Ok(new EventPage(events.Select(EventSummary.From).ToList(), total, page, pageSize, new Pagination(total, pageSize, skip)));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary><paramref name="id"/> is ours or Stripe's (<c>evt_…</c>).</summary>
    public static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> GetAsync(StripeEventLog log, string id, CancellationToken ct) =>
        await log.FindAsync(id, ct) is { } e
            ? TypedResults.Ok(new EventResponse(EventDetail.From(e)))
            : ErrorResults.Error(StatusCodes.Status404NotFound, "Event not found");

    public static async Task<Ok<StatusCounts>> CountsAsync(StripeEventLog log, CancellationToken ct)
    {
        var received = await log.CountAsync(e => e.Status == EventStatus.Received, ct);
        var processed = await log.CountAsync(e => e.Status == EventStatus.Processed, ct);
        var failed = await log.CountAsync(e => e.Status == EventStatus.Failed, ct);
        return TypedResults.Ok(new StatusCounts(received, processed, failed, await log.CountAsync(null, ct)));
    }

    public static async Task<Results<Accepted<ReplayOneResponse>, ProblemHttpResult>> ReplayOneAsync(
        StripeEventLog log, ReplayRequester requester, string id, ReplayOneRequest? body, HttpRequest request, CancellationToken ct)
    {
        if (Order(body?.Reason, body?.RequestedBy, body?.RepeatSideEffects ?? false, request, null, out var order) is { } invalid)
        {
            return invalid;
        }

        if (await log.FindAsync(id, ct) is not { } e)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, "Event not found");
        }

        return await requester.ReplayAsync(e, order!, ct) is { } replayId
            ? TypedResults.Accepted($"{Prefix}/events/{e.Id}", new ReplayOneResponse(replayId, e.Id, e.StripeEventId))
            : ErrorResults.Error(StatusCodes.Status409Conflict, "The event is still pending; it will be processed without a replay");
    }

    public static async Task<Results<Ok<ReplayFilterResponse>, Accepted<ReplayFilterResponse>, ProblemHttpResult>> ReplayByFilterAsync(
        ReplayRequester requester, [FromBody] ReplayFilterRequest body, HttpRequest request, CancellationToken ct)
    {
        var filter = body.Filter;
        if (filter.Problem is { } problem)
        {
            return ErrorResults.BadRequest(problem);
        }

        if (filter.IsEmpty)
        {
            return ErrorResults.BadRequest("Give at least one filter (status, type, customer, from, to)");
        }

        if (body.DryRun)
        {
            return TypedResults.Ok(new ReplayFilterResponse(await requester.CountAsync(filter, ct), true, null));
        }

        var batchId = Guid.NewGuid().ToString("N");
        if (Order(body.Reason, body.RequestedBy, body.RepeatSideEffects, request, batchId, out var order) is { } invalid)
        {
            return invalid;
        }

        var selected = await requester.SelectAsync(filter, ct);
        if (selected.Count > ReplayRequester.MaxBatch)
        {
            return ErrorResults.BadRequest($"More than {ReplayRequester.MaxBatch} events match: narrow the filter");
        }

        var count = await requester.ReplayManyAsync(selected, order!, ct);

        return TypedResults.Accepted((string?)null, new ReplayFilterResponse(count, false, batchId));
    }

    /// <summary>A replay must say why and for whom: it changes billing state and is audited on the event.</summary>
    private static ProblemHttpResult? Order(string? reason, string? requestedBy, bool repeatSideEffects, HttpRequest request, string? batchId, out ReplayOrder? order)
    {
        order = null;
        requestedBy = string.IsNullOrWhiteSpace(requestedBy) ? request.Headers[RequestedByHeader].ToString() : requestedBy;
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ErrorResults.BadRequest("A reason is required", "reason");
        }

        if (string.IsNullOrWhiteSpace(requestedBy))
        {
            return ErrorResults.BadRequest($"requestedBy (or the {RequestedByHeader} header) is required", "requestedBy");
        }

        order = new ReplayOrder(requestedBy.Trim(), reason.Trim(), repeatSideEffects, batchId);
        return null;
    }
}

/// <summary>One event, as <c>{ "event": … }</c>.</summary>
public sealed record EventResponse(EventDetail Event);

internal static class WebhooksApiKey
{
    /// <summary>The key check on every <c>/internal/webhooks</c> route.</summary>
    public static TBuilder RequireWebhooksApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireInternalApiKey(services => services.GetRequiredService<IOptions<WebhooksOptions>>().Value.InternalApiKey);
}
