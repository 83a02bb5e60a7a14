using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Admin.Features.Staff;

namespace Saas.Admin.Features.Timeline;

/// <summary>The customer timeline and the replay preview for the API (the console pages call the same services).</summary>
public static class TimelineEndpoints
{
    private static readonly string[] FilterKeys = ["status", "type", "customer", "from", "to"];

    public static IEndpointRouteBuilder MapTimelineEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(StaffAuthentication.SupportPolicy);
        admin.MapGet("/users/{id}/timeline", (string id, CustomerTimeline timeline, CancellationToken ct) => ForAsync(CustomerTimeline.User, id, timeline, ct))
            .WithSummary("A user's story, newest first: Stripe events, subscription transitions, staff actions, organizations, usage resets.");
        admin.MapGet("/organizations/{id}/timeline", (string id, CustomerTimeline timeline, CancellationToken ct) => ForAsync(CustomerTimeline.Organization, id, timeline, ct))
            .WithSummary("An organization's story, newest first: the same, with its members and invitations.");
        admin.MapGet("/stripe-webhooks/{id}/replay-preview", OneAsync)
            .WithSummary("What replaying this event would change: the subscription now and after; nothing is written.");
        admin.MapGet("/stripe-webhooks/replay-preview", FilterAsync)
            .WithSummary("What replaying the events a filter selects (status, type, customer, from, to) would change, per event.");
        return routes;
    }

    private static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> ForAsync(string kind, string id, CustomerTimeline timeline, CancellationToken ct) =>
        (await timeline.GetAsync(kind, id, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> OneAsync(string id, ReplayPreviewer previewer, CancellationToken ct) =>
        (await previewer.PreviewAsync(new Dictionary<string, string?> { ["id"] = id }, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> FilterAsync(HttpRequest request, ReplayPreviewer previewer, CancellationToken ct) =>
        (await previewer.PreviewAsync(FilterKeys.ToDictionary(k => k, k => (string?)request.Query[k].ToString()), ct)).ToHttpResult();
}
