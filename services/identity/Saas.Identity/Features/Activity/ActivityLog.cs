using Saas.Identity.Storage;
using Saas.Identity.Features.Tokens;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Identity.Features.Activity;

/// <summary>
/// Writes activity entries; identity records its own (login, logout, password and profile changes) here too. An entry
/// written during a request made with an impersonation token names the staff member in <c>details.impersonatedBy</c>.
/// </summary>
public sealed class ActivityLog(IdentityStore store, TimeProvider time, IHttpContextAccessor http)
{
    /// <summary>The detail naming the staff member behind an impersonated action; users cannot set it themselves.</summary>
    public const string ImpersonatedBy = "impersonatedBy";

    public const string Login = "login";
    public const string Logout = "logout";
    public const string LogoutAll = "logout_all";
    public const string Register = "register";
    public const string PasswordChanged = "password_changed";
    public const string PasswordReset = "password_reset";
    public const string EmailVerified = "email_verified";
    public const string ProfileUpdated = "profile_updated";
    public const string SettingsUpdated = "settings_updated";
    public const string SessionRevoked = "session_revoked";
    public const string SubscriptionUpdated = "subscription_updated";
    public const string Impersonated = "impersonated_by_staff";

    /// <summary>
    /// What only identity writes: a user posting one of these could forge a login, a password change or a staff
    /// visit in their own log. <c>profile_updated</c> and <c>settings_updated</c> stay open: seed 000's own example
    /// has the front end post <c>profile_updated</c>.
    /// </summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Login, Logout, LogoutAll, Register, PasswordChanged, PasswordReset, EmailVerified, SessionRevoked, SubscriptionUpdated,
        Impersonated,
    };

    /// <param name="at">When the recorded change was made, if not now: entries are listed in this order, so a change
    /// recorded a moment after it was applied still sorts by when it happened.</param>
    public async Task<ActivityEntry> RecordAsync(
        string userId, string action, Dictionary<string, object?>? details, CancellationToken cancellationToken, DateTimeOffset? at = null)
    {
        details ??= [];
        if (http.HttpContext?.User is { } principal && principal.GetUserId() == userId && principal.Actor() is { } staff)
        {
            details[ImpersonatedBy] = staff;
        }

        var entry = new ActivityEntry { UserId = userId, Action = action, Details = details, CreatedAt = at ?? time.GetUtcNow() };
        await store.Activity.InsertAsync(entry, cancellationToken);
        return entry;
    }
}
