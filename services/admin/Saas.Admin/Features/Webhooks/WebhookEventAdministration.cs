using System.Text.Json;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;

namespace Saas.Admin.Features.Webhooks;

/// <summary>
/// Stripe webhook events over the webhooks service's internal event log API, for the API routes and the console:
/// listing, reading, and replays (one, or a filtered set), each replay audited.
/// </summary>
public sealed class WebhookEventAdministration(DownstreamApi api, AuditLog audit)
{
    private const string Internal = "/internal/webhooks";

    /// <summary><paramref name="filters"/>: status, type, customer, from, to, page, pageSize (empty values are left out).</summary>
    public async Task<AdminResult> ListAsync(IEnumerable<KeyValuePair<string, string?>> filters, CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Webhooks,
            $"{Internal}/events{QueryString.Create(filters.Where(p => !string.IsNullOrEmpty(p.Value)).DistinctBy(p => p.Key))}", ct));

    public async Task<AdminResult> CountsAsync(CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Webhooks, $"{Internal}/counts", ct));

    public async Task<AdminResult> GetAsync(string id, CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Webhooks, EventPath(id), ct));

    public async Task<AdminResult> ReplayOneAsync(HttpContext context, string id, ReplayRequest? body, CancellationToken ct)
    {
        var staff = StaffMember.From(context.User);
        var replay = await api.SendAsync(ResourceNames.Webhooks, HttpMethod.Post, $"{EventPath(id)}/replay",
            new { reason = body?.Reason, requestedBy = staff.Label, repeatSideEffects = body?.RepeatSideEffects ?? false }, staff, ct);
        if (!replay.IsSuccess)
        {
            return AdminResult.From(replay);
        }

        await audit.RecordAsync(context, "webhook.replay", "stripe_event", id,
            null, new { reason = body?.Reason, body?.RepeatSideEffects, result = replay.Body }, ct);
        return AdminResult.From(replay);
    }

    /// <summary>Replays what <paramref name="body"/> selects; with <c>DryRun</c> only counts (not audited: nothing changes).</summary>
    public async Task<AdminResult> ReplayByFilterAsync(HttpContext context, ReplayFilterRequest body, CancellationToken ct)
    {
        var staff = StaffMember.From(context.User);
        var replay = await api.SendAsync(ResourceNames.Webhooks, HttpMethod.Post, $"{Internal}/replays",
            body with { RequestedBy = staff.Label }, staff, ct);
        if (!replay.IsSuccess)
        {
            return AdminResult.From(replay);
        }

        if (!body.DryRun)
        {
            var batchId = replay.Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("batchId", out var id) ? id.GetString() : null;
            await audit.RecordAsync(context, "webhook.replay_batch", "stripe_event_batch", batchId,
                null, new { filter = body with { RequestedBy = null }, result = replay.Body }, ct);
        }

        return AdminResult.From(replay);
    }

    /// <summary>
    /// saasbackend's single retry: 200 <c>{ status: "success", message, event }</c> once processed, 500 ProblemDetails
    /// with <c>error</c>, <c>message</c> and <c>event</c> when it failed again (it stays scheduled for automatic retries;
    /// <c>status</c> is the number there, the one rule for error bodies), 202 <c>{ status: "pending", … }</c> when still
    /// running; 404/400/409 ProblemDetails as the webhooks service says.
    /// </summary>
    public async Task<AdminResult> RetryOneAsync(HttpContext context, string id, CancellationToken ct)
    {
        var staff = StaffMember.From(context.User);
        var retry = await api.SendAsync(ResourceNames.Webhooks, HttpMethod.Post, $"{EventPath(id)}/retry", new { requestedBy = staff.Label }, staff, ct);
        if (!retry.IsSuccess)
        {
            return AdminResult.From(retry);
        }

        var body = retry.Body!.Value;
        var result = body.GetProperty("result").GetString();
        var message = body.GetProperty("message").GetString();
        await audit.RecordAsync(context, "webhook.retry", "stripe_event", id, null, new { result, message }, ct);
        var @event = body.GetProperty("event");
        return result switch
        {
            "processed" => AdminResult.Ok(new { status = "success", message, @event }),
            "failed" => AdminResult.Ok(new { status = "error", message, error = message, @event }, StatusCodes.Status500InternalServerError),
            _ => AdminResult.Ok(new { status = "pending", message, @event }, StatusCodes.Status202Accepted),
        };
    }

    /// <summary>saasbackend's batch retry: <c>{ status: "success", results: { total, succeeded, failed, pending, errors } }</c>.</summary>
    public async Task<AdminResult> RetryFailedAsync(HttpContext context, RetryRequest body, CancellationToken ct)
    {
        var staff = StaffMember.From(context.User);
        var retry = await api.SendAsync(ResourceNames.Webhooks, HttpMethod.Post, $"{Internal}/retries",
            new { limit = body.Limit, maxRetries = body.MaxRetries, requestedBy = staff.Label }, staff, ct);
        if (!retry.IsSuccess)
        {
            return AdminResult.From(retry);
        }

        await audit.RecordAsync(context, "webhook.retry_batch", "stripe_event_batch", null,
            null, new { body.Limit, body.MaxRetries, results = retry.Body }, ct);
        return AdminResult.Ok(new { status = "success", results = retry.Body });
    }

    public async Task<AdminResult> StatsAsync(CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Webhooks, $"{Internal}/stats", ct));

    private static string EventPath(string id) => $"{Internal}/events/{Uri.EscapeDataString(id)}";
}
