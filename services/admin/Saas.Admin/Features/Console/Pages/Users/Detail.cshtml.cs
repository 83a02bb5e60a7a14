using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Users;

namespace Saas.Admin.Features.Console.Pages.Users;

public sealed class UserDetailModel(UserAdministration users) : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public JsonElement? Account { get; private set; }

    public JsonElement? Subscription { get; private set; }

    public string? ImpersonationToken { get; private set; }

    public string? ImpersonationExpiresAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostOverrideAsync(string? status, string? planId, string? reason, CancellationToken ct)
    {
        if (RefuseUnlessAdmin() is { } refused)
        {
            return refused;
        }

        var result = await users.OverrideAsync(HttpContext, Id,
            new SubscriptionOverrideRequest(status, null, null, null, string.IsNullOrWhiteSpace(planId) ? null : planId.Trim(), reason), ct);
        return await AfterAsync(result, $"Override set to {status}.", ct);
    }

    public async Task<IActionResult> OnPostClearOverrideAsync(CancellationToken ct) =>
        RefuseUnlessAdmin() ?? await AfterAsync(await users.ClearOverrideAsync(HttpContext, Id, ct), "Override cleared.", ct);

    public async Task<IActionResult> OnPostReconcileAsync(CancellationToken ct) =>
        RefuseUnlessAdmin() ?? await AfterAsync(await users.ReconcileAsync(HttpContext, Id, ct), "Reconciled with Stripe.", ct);

    /// <summary>The token is shown on this response only: never put in a redirect, a cookie or the audit log.</summary>
    public async Task<IActionResult> OnPostImpersonateAsync(CancellationToken ct)
    {
        if (RefuseUnlessAdmin() is { } refused)
        {
            return refused;
        }

        var result = await users.ImpersonateAsync(HttpContext, Id, ct);
        if (Succeeded(result))
        {
            ImpersonationToken = result.String("token");
            ImpersonationExpiresAt = ((JsonElement?)result.Body).Text("expiresAt");
        }

        await LoadAsync(ct);
        return Page();
    }

    private Task<IActionResult> AfterAsync(AdminResult result, string done, CancellationToken ct) =>
        AfterActionAsync(result, done, new { id = Id }, LoadAsync, ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = await users.GetAsync(Id, ct);
        if (Succeeded(user))
        {
            Account = user.Body.Member("user");
        }

        var subscription = await users.GetSubscriptionAsync(Id, ct);
        if (Succeeded(subscription))
        {
            Subscription = subscription.Body;
        }
    }
}
