using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;

namespace Saas.Admin.Features.Users;

/// <summary>
/// Users over identity's and billing's internal APIs: what the API routes and the console pages both call, so
/// every change is checked, applied and audited the same way whichever door staff came in by.
/// </summary>
public sealed class UserAdministration(DownstreamApi api, AuditLog audit)
{
    public async Task<AdminResult> ListAsync(string? search, string? status, string? page, string? limit, CancellationToken ct)
    {
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["search"] = search, ["status"] = status, ["page"] = page, ["limit"] = limit,
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
        return AdminResult.From(await api.GetAsync(ResourceNames.Identity, $"/internal/users{query}", ct));
    }

    public async Task<AdminResult> GetAsync(string id, CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Identity, UserPath(id), ct));

    /// <summary>Billing's view: the effective status, Stripe's stored state and the override beside it.</summary>
    public async Task<AdminResult> GetSubscriptionAsync(string id, CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Billing, SubscriptionPath(id), ct));

    /// <summary>
    /// Checks the user exists and reads the current subscription first, so a service that is down fails the
    /// request before anything is written; the override is billing's single write.
    /// </summary>
    public async Task<AdminResult> OverrideAsync(HttpContext context, string id, SubscriptionOverrideRequest body, CancellationToken ct)
    {
        var staff = StaffMember.From(context.User);
        var user = await api.GetAsync(ResourceNames.Identity, UserPath(id), ct);
        if (!user.IsSuccess)
        {
            return AdminResult.From(user);
        }

        var before = await api.GetAsync(ResourceNames.Billing, SubscriptionPath(id), ct);
        if (!before.IsSuccess)
        {
            return AdminResult.From(before);
        }

        var after = await api.SendAsync(ResourceNames.Billing, HttpMethod.Put, $"{SubscriberPath(id)}/override",
            body with { SetBy = staff.Label }, staff, ct);
        if (!after.IsSuccess)
        {
            return AdminResult.From(after);
        }

        await audit.RecordAsync(context, "user.subscription.override", "user", id, before.Body, after.Body, ct);
        return AdminResult.Ok(new UserUpdatedResponse("Subscription updated successfully", WithSubscription(user.Body, after.Body)));
    }

    public async Task<AdminResult> ClearOverrideAsync(HttpContext context, string id, CancellationToken ct)
    {
        var before = await api.GetAsync(ResourceNames.Billing, SubscriptionPath(id), ct);
        if (!before.IsSuccess)
        {
            return AdminResult.From(before);
        }

        var after = await api.SendAsync(ResourceNames.Billing, HttpMethod.Delete, $"{SubscriberPath(id)}/override", null,
            StaffMember.From(context.User), ct);
        if (!after.IsSuccess)
        {
            return AdminResult.From(after);
        }

        await audit.RecordAsync(context, "user.subscription.clear_override", "user", id, before.Body, after.Body, ct);
        return AdminResult.Ok(new { message = "Subscription override cleared", subscription = after.Body });
    }

    public async Task<AdminResult> ReconcileAsync(HttpContext context, string id, CancellationToken ct)
    {
        var before = await api.GetAsync(ResourceNames.Billing, SubscriptionPath(id), ct);
        if (!before.IsSuccess)
        {
            return AdminResult.From(before);
        }

        var after = await api.SendAsync(ResourceNames.Billing, HttpMethod.Post, $"{SubscriberPath(id)}/reconcile", null,
            StaffMember.From(context.User), ct);
        if (!after.IsSuccess)
        {
            return AdminResult.From(after);
        }

        await audit.RecordAsync(context, "user.reconcile", "user", id, before.Body, after.Body, ct);
        return AdminResult.Ok(new { status = "success", message = "Subscription reconciled", subscription = after.Body });
    }

    /// <summary>
    /// Impersonation: identity issues a short-lived token naming the staff member in <c>act</c>. There is no
    /// refresh token (the session must end with the token); <c>refreshToken</c> stays in the shape as null.
    /// </summary>
    public async Task<AdminResult> ImpersonateAsync(HttpContext context, string? userId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            return AdminResult.Fail(StatusCodes.Status400BadRequest, "userId is required", "userId");
        }

        var staff = StaffMember.From(context.User);
        var issued = await api.SendAsync(ResourceNames.Identity, HttpMethod.Post, $"{UserPath(userId)}/impersonation-token",
            new { staff = staff.Label }, staff, ct);
        if (!issued.IsSuccess)
        {
            return AdminResult.From(issued);
        }

        var token = issued.Body!.Value.GetProperty("token").GetString();
        var expiresAt = issued.Body.Value.TryGetProperty("expiresAt", out var e) ? e.GetDateTimeOffset() : (DateTimeOffset?)null;
        // The token itself never goes into the audit log.
        await audit.RecordAsync(context, "user.impersonate", "user", userId, null, new { expiresAt }, ct);
        return AdminResult.Ok(new GenerateTokenResponse(token!, null, expiresAt));
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
