using System.Text.Json;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;

namespace Saas.Admin.Features.Usage;

/// <summary>
/// Staff over seed 001's metering: a user's counters (billing), set or reset one, and which of the user's API keys
/// (identity) bypass limits (billing). Reads come first, so a service that is down changes nothing; every change is
/// audited with the counters or flag before and after.
/// </summary>
public sealed class UsageAdministration(DownstreamApi api, AuditLog audit)
{
    public async Task<AdminResult> GetAsync(string userId, CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Billing, UsagePath(userId), ct));

    public async Task<AdminResult> SetAsync(HttpContext context, string userId, string feature, SetUsageRequest body, CancellationToken ct) =>
        await ChangeAsync(context, userId, feature, HttpMethod.Put, body, "user.usage.set", ct);

    public async Task<AdminResult> ResetAsync(HttpContext context, string userId, string feature, CancellationToken ct) =>
        await ChangeAsync(context, userId, feature, HttpMethod.Delete, null, "user.usage.reset", ct);

    public async Task<AdminResult> ListKeysAsync(string userId, CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Identity, KeysPath(userId), ct));

    public async Task<AdminResult> ListBypassAsync(CancellationToken ct) =>
        AdminResult.From(await api.GetAsync(ResourceNames.Billing, BypassPath, ct));

    /// <summary>Marks (or unmarks) one of the user's keys as bypassing limits; the key must be the user's and live.</summary>
    public async Task<AdminResult> SetBypassAsync(HttpContext context, string userId, string keyId, bool bypass, string? reason, CancellationToken ct)
    {
        var keys = await api.GetAsync(ResourceNames.Identity, KeysPath(userId), ct);
        if (!keys.IsSuccess)
        {
            return AdminResult.From(keys);
        }

        var key = keys.Body!.Value.GetProperty("keys").EnumerateArray()
            .FirstOrDefault(k => k.GetProperty("id").GetString() == keyId);
        if (key.ValueKind != JsonValueKind.Object)
        {
            return AdminResult.Fail(StatusCodes.Status404NotFound, "API key not found for this user", "keyId");
        }

        if (bypass && key.GetProperty("revokedAt").ValueKind != JsonValueKind.Null)
        {
            return AdminResult.Fail(StatusCodes.Status409Conflict, "The API key is revoked", "keyId");
        }

        var current = await api.GetAsync(ResourceNames.Billing, BypassPath, ct);
        if (!current.IsSuccess)
        {
            return AdminResult.From(current);
        }

        var was = current.Body!.Value.GetProperty("keys").EnumerateArray().Any(k => k.GetProperty("keyId").GetString() == keyId);
        var staff = StaffMember.From(context.User);
        var path = $"{BypassPath}/{Uri.EscapeDataString(keyId)}";
        var changed = bypass
            ? await api.SendAsync(ResourceNames.Billing, HttpMethod.Put, path, new { reason, setBy = staff.Label }, staff, ct)
            : await api.SendAsync(ResourceNames.Billing, HttpMethod.Delete, path, null, staff, ct);
        if (!changed.IsSuccess && !(changed.StatusCode == StatusCodes.Status404NotFound && !bypass))
        {
            return AdminResult.From(changed);
        }

        await audit.RecordAsync(context, bypass ? "api_key.bypass_limits.set" : "api_key.bypass_limits.clear", "api_key", keyId,
            new { userId, bypassLimits = was }, new { userId, bypassLimits = bypass, reason }, ct);
        return AdminResult.Ok(new { keyId, userId, bypassLimits = bypass });
    }

    private async Task<AdminResult> ChangeAsync(
        HttpContext context, string userId, string feature, HttpMethod method, object? body, string action, CancellationToken ct)
    {
        var user = await api.GetAsync(ResourceNames.Identity, $"/internal/users/{Uri.EscapeDataString(userId)}", ct);
        if (!user.IsSuccess)
        {
            return AdminResult.From(user);
        }

        var before = await api.GetAsync(ResourceNames.Billing, UsagePath(userId), ct);
        if (!before.IsSuccess)
        {
            return AdminResult.From(before);
        }

        var staff = StaffMember.From(context.User);
        var after = await api.SendAsync(ResourceNames.Billing, method, $"{UsagePath(userId)}/{Uri.EscapeDataString(feature)}", body, staff, ct);
        if (!after.IsSuccess)
        {
            return AdminResult.From(after);
        }

        await audit.RecordAsync(context, action, "user", userId, FeatureOf(before.Body, feature), after.Body, ct);
        return AdminResult.From(after);
    }

    // The audit entry keeps the one feature's counters, not every feature's.
    private static JsonElement? FeatureOf(JsonElement? usage, string feature) =>
        usage is { ValueKind: JsonValueKind.Object } u && u.TryGetProperty("usage", out var list)
            ? list.EnumerateArray().FirstOrDefault(f => f.GetProperty("feature").GetString() == feature) is { ValueKind: JsonValueKind.Object } f ? f : null
            : null;

    private const string BypassPath = "/internal/billing/usage/bypass-keys";

    private static string UsagePath(string userId) => $"/internal/billing/subscribers/{Uri.EscapeDataString(userId)}/usage";

    private static string KeysPath(string userId) => $"/internal/users/{Uri.EscapeDataString(userId)}/api-keys";
}

/// <summary>Counter values to set; null leaves that counter as it is.</summary>
public sealed record SetUsageRequest(long? Monthly, long? Daily, long? Total);

public sealed record BypassRequest(bool? BypassLimits, string? Reason);
