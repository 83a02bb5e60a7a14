using System.Security.Claims;
using Saas.Billing.Storage;
using Saas.ServiceDefaults.Authentication.ApiKeys;
using Saas.Storage;

namespace Saas.Billing.Features.Usage;

/// <summary>
/// An API key staff marked as bypassing limits (seed 001's <c>whitelistKeys</c>): calls made with it are counted but
/// never refused. Keyed by the key's id (public), so the secret never leaves identity and marking it grants nothing
/// to anyone who does not hold the key.
/// </summary>
public sealed class UsageBypassKey : IDocument
{
    /// <summary>The API key's id.</summary>
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string? Reason { get; set; }

    public string? SetBy { get; set; }

    public DateTimeOffset SetAt { get; set; }
}

/// <summary>Which requests bypass usage limits: those made with a key in <c>usage_bypass_keys</c>.</summary>
public sealed class BypassKeys(BillingStore store)
{
    public async Task<bool> AppliesToAsync(ClaimsPrincipal user, CancellationToken ct) =>
        user.GetApiKeyId() is { } keyId && await store.UsageBypassKeys.GetAsync(keyId, ct) is not null;
}
