using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Features.Users;

/// <summary>Seed 000's user routes over identity's and billing's internal APIs.</summary>
public static class UserEndpoints
{
    private const string RoutePrefix = "/api/admin";

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Admin");
        group.MapGet("/users", ListAsync).RequireAuthorization(StaffAuthentication.SupportPolicy);
        group.MapGet("/users/{id}", GetAsync).RequireAuthorization(StaffAuthentication.SupportPolicy);
        group.MapPut("/users/{id}/subscription", OverrideAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapDelete("/users/{id}/subscription", ClearOverrideAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapPost("/users/{id}/reconcile", ReconcileAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapPost("/generate-token", ImpersonateAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        return routes;
    }

    public static async Task<IResult> ListAsync(
        DownstreamApi api, string? search, string? status, string? page, string? limit, CancellationToken ct)
    {
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["search"] = search, ["status"] = status, ["page"] = page, ["limit"] = limit,
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
        var users = await api.GetAsync(ResourceNames.Identity, $"/internal/users{query}", ct);
        return users.IsSuccess ? users.Passthrough() : users.ToFailure();
    }

    public static async Task<IResult> GetAsync(DownstreamApi api, string id, CancellationToken ct)
    {
        var user = await api.GetAsync(ResourceNames.Identity, UserPath(id), ct);
        return user.IsSuccess ? user.Passthrough() : user.ToFailure();
    }

    /// <summary>
    /// Checks the user exists and reads the current subscription first, so a service that is down fails the
    /// request before anything is written; the override is billing's single write.
    /// </summary>
    public static async Task<IResult> OverrideAsync(
        string id, SubscriptionOverrideRequest body, DownstreamApi api, AuditLog audit, HttpContext context, CancellationToken ct)
    {
        var staff = StaffMember.From(context.User);
        var user = await api.GetAsync(ResourceNames.Identity, UserPath(id), ct);
        if (!user.IsSuccess)
        {
            return user.ToFailure();
        }

        var before = await api.GetAsync(ResourceNames.Billing, SubscriptionPath(id), ct);
        if (!before.IsSuccess)
        {
            return before.ToFailure();
        }

        var after = await api.SendAsync(ResourceNames.Billing, HttpMethod.Put, $"{SubscriberPath(id)}/override",
            body with { SetBy = staff.Label }, staff, ct);
        if (!after.IsSuccess)
        {
            return after.ToFailure();
        }

        await audit.RecordAsync(context, "user.subscription.override", "user", id, before.Body, after.Body, ct);
        return TypedResults.Ok(new UserUpdatedResponse("Subscription updated successfully", WithSubscription(user.Body, after.Body)));
    }

    public static async Task<IResult> ClearOverrideAsync(
        string id, DownstreamApi api, AuditLog audit, HttpContext context, CancellationToken ct)
    {
        var before = await api.GetAsync(ResourceNames.Billing, SubscriptionPath(id), ct);
        if (!before.IsSuccess)
        {
            return before.ToFailure();
        }

        var after = await api.SendAsync(ResourceNames.Billing, HttpMethod.Delete, $"{SubscriberPath(id)}/override", null,
            StaffMember.From(context.User), ct);
        if (!after.IsSuccess)
        {
            return after.ToFailure();
        }

        await audit.RecordAsync(context, "user.subscription.clear_override", "user", id, before.Body, after.Body, ct);
        return TypedResults.Ok(new { message = "Subscription override cleared", subscription = after.Body });
    }

    public static async Task<IResult> ReconcileAsync(
        string id, DownstreamApi api, AuditLog audit, HttpContext context, CancellationToken ct)
    {
        var before = await api.GetAsync(ResourceNames.Billing, SubscriptionPath(id), ct);
        if (!before.IsSuccess)
        {
            return before.ToFailure();
        }

        var after = await api.SendAsync(ResourceNames.Billing, HttpMethod.Post, $"{SubscriberPath(id)}/reconcile", null,
            StaffMember.From(context.User), ct);
        if (!after.IsSuccess)
        {
            return after.ToFailure();
        }

        await audit.RecordAsync(context, "user.reconcile", "user", id, before.Body, after.Body, ct);
        return TypedResults.Ok(new { status = "success", message = "Subscription reconciled", subscription = after.Body });
    }

    /// <summary>
    /// Impersonation: identity issues a short-lived token naming the staff member in <c>act</c>. There is no
    /// refresh token (the session must end with the token); <c>refreshToken</c> stays in the shape as null.
    /// </summary>
    public static async Task<IResult> ImpersonateAsync(
        GenerateTokenRequest body, DownstreamApi api, AuditLog audit, HttpContext context, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.UserId))
        {
            return ErrorResults.BadRequest("userId is required", "userId");
        }

        var staff = StaffMember.From(context.User);
        var issued = await api.SendAsync(ResourceNames.Identity, HttpMethod.Post, $"{UserPath(body.UserId)}/impersonation-token",
            new { staff = staff.Label }, staff, ct);
        if (!issued.IsSuccess)
        {
            return issued.ToFailure();
        }

        var token = issued.Body!.Value.GetProperty("token").GetString();
        var expiresAt = issued.Body.Value.TryGetProperty("expiresAt", out var e) ? e.GetDateTimeOffset() : (DateTimeOffset?)null;
        // The token itself never goes into the audit log.
        await audit.RecordAsync(context, "user.impersonate", "user", body.UserId, null, new { expiresAt }, ct);
        return TypedResults.Ok(new GenerateTokenResponse(token!, null, expiresAt));
    }

    private static string UserPath(string id) => $"/internal/users/{Uri.EscapeDataString(id)}";

    private static string SubscriberPath(string id) => $"/internal/billing/subscribers/{Uri.EscapeDataString(id)}";

    private static string SubscriptionPath(string id) => $"{SubscriberPath(id)}/subscription";

    // Identity learns of the change from billing's event a moment later; the answer shows it already.
    private static JsonNode? WithSubscription(JsonElement? identityBody, JsonElement? subscription)
    {
        var user = identityBody is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("user", out var u)
            ? JsonNode.Parse(u.GetRawText()) as JsonObject
            : null;
        if (user is not null && subscription is { ValueKind: JsonValueKind.Object } s)
        {
            if (s.TryGetProperty("status", out var status))
            {
                user["subscriptionStatus"] = JsonNode.Parse(status.GetRawText());
            }

            user["subscription"] = JsonNode.Parse(s.GetRawText());
        }

        return user;
    }
}

/// <summary>saasbackend's body, plus billing's plan and a note for the audit trail.</summary>
public sealed record SubscriptionOverrideRequest(
    string? SubscriptionStatus, string? Status, string? StripeSubscriptionId, string? StripeCustomerId, string? PlanId,
    string? Reason, string? SetBy = null);

public sealed record UserUpdatedResponse(string Message, JsonNode? User);

public sealed record GenerateTokenRequest(string? UserId);

public sealed record GenerateTokenResponse(string Token, string? RefreshToken, DateTimeOffset? ExpiresAt);
