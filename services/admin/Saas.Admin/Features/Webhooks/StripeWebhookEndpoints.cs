using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Admin.Features.Staff;

namespace Saas.Admin.Features.Webhooks;

/// <summary>Seed 000's webhook event routes plus replay; the work is <see cref="WebhookEventAdministration"/>'s.</summary>
public static class StripeWebhookEndpoints
{
    private const string RoutePrefix = "/api/admin/stripe-webhooks";
    /// <summary>Ours, and saasbackend's <c>eventType</c> and <c>offset</c> (with <c>limit</c>, mapped to pageSize below).</summary>
    private static readonly string[] ListFilters = ["status", "type", "eventType", "customer", "from", "to", "page", "pageSize", "offset"];

    public static IEndpointRouteBuilder MapStripeWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Admin").RequireAuthorization(StaffAuthentication.SupportPolicy);
        group.MapGet("/", ListAsync).WithSummary("Events newest first; filter by status, type, customer, from, to; page, pageSize (or limit).");
        group.MapGet("/counts", CountsAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/replay", ReplayOneAsync);
        group.MapPost("/replay", ReplayByFilterAsync).WithSummary("Replays the events a filter selects; dryRun only counts them.");

        // saasbackend 1.0.6's retry and stats routes (its admin-only rule).
        group.MapPost("/retry", RetryFailedAsync).RequireAuthorization(StaffAuthentication.AdminPolicy)
            .WithSummary("saasbackend: retries failed events (limit, maxRetries) and waits for their outcome.");
        group.MapPost("/{id}/retry", RetryOneAsync).RequireAuthorization(StaffAuthentication.AdminPolicy)
            .WithSummary("saasbackend: retries one failed event; 200 processed, 500 failed again, 202 still running.");
        routes.MapGet("/api/admin/stripe-webhooks-stats", StatsAsync).WithTags("Admin").RequireAuthorization(StaffAuthentication.AdminPolicy)
            .WithSummary("saasbackend: { statusStats, eventTypeStats, recentFailures }.");
        return routes;
    }

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ListAsync(HttpRequest request, WebhookEventAdministration events, CancellationToken ct) =>
        (await events.ListAsync(
            ListFilters.Select(k => new KeyValuePair<string, string?>(k, request.Query[k].ToString()))
                .Append(new("pageSize", request.Query["limit"].ToString())),
            ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> CountsAsync(WebhookEventAdministration events, CancellationToken ct) =>
        (await events.CountsAsync(ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> GetAsync(string id, WebhookEventAdministration events, CancellationToken ct) =>
        (await events.GetAsync(id, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ReplayOneAsync(
        string id, ReplayRequest? body, WebhookEventAdministration events, HttpContext context, CancellationToken ct) =>
        (await events.ReplayOneAsync(context, id, body, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ReplayByFilterAsync(
        ReplayFilterRequest body, WebhookEventAdministration events, HttpContext context, CancellationToken ct) =>
        (await events.ReplayByFilterAsync(context, body, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> RetryOneAsync(string id, WebhookEventAdministration events, HttpContext context, CancellationToken ct) =>
        (await events.RetryOneAsync(context, id, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> RetryFailedAsync(RetryRequest? body, WebhookEventAdministration events, HttpContext context, CancellationToken ct) =>
        (await events.RetryFailedAsync(context, body ?? new RetryRequest(null, null), ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> StatsAsync(WebhookEventAdministration events, CancellationToken ct) =>
        (await events.StatsAsync(ct)).ToHttpResult();
}

/// <summary>saasbackend's body: at most <c>limit</c> (10) failed events, each retried at most <c>maxRetries</c> (3) times by this route.</summary>
public sealed record RetryRequest(int? Limit, int? MaxRetries);

public sealed record ReplayRequest(string? Reason, bool RepeatSideEffects = false);

public sealed record ReplayFilterRequest(
    string? Status, string? Type, string? Customer, DateTimeOffset? From, DateTimeOffset? To,
    string? Reason, bool DryRun = false, bool RepeatSideEffects = false, string? RequestedBy = null);
