using System.Text.Json;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;

namespace Saas.Admin.Features.Webhooks;

/// <summary>Seed 000's webhook event routes plus replay, over the webhooks service's internal event log API.</summary>
public static class StripeWebhookEndpoints
{
    private const string RoutePrefix = "/api/admin/stripe-webhooks";
    private const string Internal = "/internal/webhooks";
    private static readonly string[] ListFilters = ["status", "type", "customer", "from", "to", "page", "pageSize"];

    public static IEndpointRouteBuilder MapStripeWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Admin").RequireAuthorization(StaffAuthentication.SupportPolicy);
        group.MapGet("/", ListAsync).WithSummary("Events newest first; filter by status, type, customer, from, to; page, pageSize (or limit).");
        group.MapGet("/counts", CountsAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/replay", ReplayOneAsync);
        group.MapPost("/replay", ReplayByFilterAsync).WithSummary("Replays the events a filter selects; dryRun only counts them.");
        return routes;
    }

    public static async Task<IResult> ListAsync(HttpRequest request, DownstreamApi api, CancellationToken ct)
    {
        var pairs = ListFilters
            .Select(k => new KeyValuePair<string, string?>(k, request.Query[k].ToString()))
            .Append(new("pageSize", request.Query["limit"].ToString()))
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .DistinctBy(p => p.Key);
        var events = await api.GetAsync(ResourceNames.Webhooks, $"{Internal}/events{QueryString.Create(pairs)}", ct);
        return events.IsSuccess ? events.Passthrough() : events.ToFailure();
    }

    public static async Task<IResult> CountsAsync(DownstreamApi api, CancellationToken ct)
    {
        var counts = await api.GetAsync(ResourceNames.Webhooks, $"{Internal}/counts", ct);
        return counts.IsSuccess ? counts.Passthrough() : counts.ToFailure();
    }

    public static async Task<IResult> GetAsync(string id, DownstreamApi api, CancellationToken ct)
    {
        var e = await api.GetAsync(ResourceNames.Webhooks, EventPath(id), ct);
        return e.IsSuccess ? e.Passthrough() : e.ToFailure();
    }

    public static async Task<IResult> ReplayOneAsync(
        string id, ReplayRequest? body, DownstreamApi api, AuditLog audit, HttpContext context, CancellationToken ct)
    {
        var staff = StaffMember.From(context.User);
        var replay = await api.SendAsync(ResourceNames.Webhooks, HttpMethod.Post, $"{EventPath(id)}/replay",
            new { reason = body?.Reason, requestedBy = staff.Label, repeatSideEffects = body?.RepeatSideEffects ?? false }, staff, ct);
        if (!replay.IsSuccess)
        {
            return replay.ToFailure();
        }

        await audit.RecordAsync(context, "webhook.replay", "stripe_event", id,
            null, new { reason = body?.Reason, body?.RepeatSideEffects, result = replay.Body }, ct);
        return replay.Passthrough();
    }

    public static async Task<IResult> ReplayByFilterAsync(
        ReplayFilterRequest body, DownstreamApi api, AuditLog audit, HttpContext context, CancellationToken ct)
    {
        var staff = StaffMember.From(context.User);
        var replay = await api.SendAsync(ResourceNames.Webhooks, HttpMethod.Post, $"{Internal}/replays",
            body with { RequestedBy = staff.Label }, staff, ct);
        if (!replay.IsSuccess)
        {
            return replay.ToFailure();
        }

        // A dry run only counts; it changes nothing, so it is not an action to audit.
        if (!body.DryRun)
        {
            var batchId = replay.Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("batchId", out var id) ? id.GetString() : null;
            await audit.RecordAsync(context, "webhook.replay_batch", "stripe_event_batch", batchId,
                null, new { filter = body with { RequestedBy = null }, result = replay.Body }, ct);
        }

        return replay.Passthrough();
    }

    private static string EventPath(string id) => $"{Internal}/events/{Uri.EscapeDataString(id)}";
}

public sealed record ReplayRequest(string? Reason, bool RepeatSideEffects = false);

public sealed record ReplayFilterRequest(
    string? Status, string? Type, string? Customer, DateTimeOffset? From, DateTimeOffset? To,
    string? Reason, bool DryRun = false, bool RepeatSideEffects = false, string? RequestedBy = null);
