using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Saas.ServiceDefaults.Errors;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Intake;
using Saas.Webhooks.Features.Processing;

namespace Saas.Webhooks.Features.Replay;

/// <summary>
/// For the replay preview: the integration events a replay would publish, translated by the same
/// <see cref="StripeEventTranslator"/> as processing (nothing is published or written). Admin hands them to billing's
/// preview, which applies them to copies with billing's own state machine.
/// </summary>
public static class ReplayTranslationEndpoints
{
    /// <summary>A preview is read by a person: more rows than this say "narrow the filter", not more detail.</summary>
    public const int MaxEvents = 200;

    public static IEndpointRouteBuilder MapReplayTranslationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(ReplayEndpoints.Prefix).WithTags("Webhook event log (internal)").ExcludeFromDescription().RequireWebhooksApiKey()
            .MapGet("/replay-translations", TranslateAsync);
        return routes;
    }

    /// <summary>One event (<c>id</c>, ours or <c>evt_…</c>) or the replayable events a filter selects, oldest first.</summary>
    public static async Task<Results<Ok<ReplayTranslationResponse>, ProblemHttpResult>> TranslateAsync(
        StripeEventLog log, ReplayRequester requester, [AsParameters] ReplayTranslationRequest body, CancellationToken ct)
    {
        IReadOnlyList<StripeEventDocument> selected;
        if (!string.IsNullOrEmpty(body.Id))
        {
            selected = await log.FindAsync(body.Id, ct) is { } one ? [one] : [];
            if (selected.Count == 0)
            {
                return ErrorResults.NotFound("Event not found");
            }
        }
        else
        {
            var filter = body.Filter;
            if (filter.Problem is { } problem)
            {
                return ErrorResults.BadRequest(problem);
            }

            if (filter.IsEmpty)
            {
                return ErrorResults.BadRequest("Give an id or at least one filter (status, type, customer, from, to)");
            }

            selected = await requester.SelectAsync(filter, ct);
        }

        var total = selected.Count;
        var events = selected.Take(MaxEvents).Select(Translate).ToList();
        return TypedResults.Ok(new ReplayTranslationResponse(events, total, total > MaxEvents));
    }

    private static TranslatedEvent Translate(StripeEventDocument e)
    {
        string? messageType = null;
        JsonElement? message = null;
        string? error = null;
        if (!StripeEventEnvelope.TryParse(e.Payload, out var envelope, out var parseError))
        {
            error = parseError;
        }
        else
        {
            try
            {
                // As a replay would publish it: IsReplay, no repeated side effects (the console's replay default).
                if (StripeEventTranslator.Translate(envelope!, new TranslationContext(Guid.Empty, IsReplay: true, RepeatSideEffects: false)) is { } translated)
                {
                    messageType = translated.GetType().Name;
                    message = JsonSerializer.SerializeToElement(translated, translated.GetType(), JsonSerializerOptions.Web);
                }
            }
            catch (InvalidOperationException ex)
            {
                error = ex.Message;
            }
        }

        return new TranslatedEvent(e.Id, e.StripeEventId, e.EventType, e.Status, e.CustomerId, e.StripeCreated, messageType, message, error);
    }
}

/// <summary>Query parameters: <c>id</c>, or the filter.</summary>
public sealed record ReplayTranslationRequest(
    string? Id, string? Status, string? Type, string? Customer, DateTimeOffset? From, DateTimeOffset? To)
{
    public EventFilter Filter => new(Status, Type, Customer, From, To);
}

/// <summary><paramref name="MessageType"/> null: a type processing stores but does not act on (or <paramref name="Error"/>).</summary>
public sealed record TranslatedEvent(
    string Id, string StripeEventId, string EventType, string Status, string? CustomerId, DateTimeOffset StripeCreated,
    string? MessageType, JsonElement? Message, string? Error);

public sealed record ReplayTranslationResponse(IReadOnlyList<TranslatedEvent> Events, int Total, bool Truncated);
