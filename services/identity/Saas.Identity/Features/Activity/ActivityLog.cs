using Saas.Identity.Common;

namespace Saas.Identity.Features.Activity;

/// <summary>Writes activity entries; identity records its own (login, logout, password and profile changes) here too.</summary>
public sealed class ActivityLog(IdentityStore store, TimeProvider time)
{
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

    public async Task<ActivityEntry> RecordAsync(
        string userId, string action, Dictionary<string, object?>? details, CancellationToken cancellationToken)
    {
        var entry = new ActivityEntry { UserId = userId, Action = action, Details = details ?? [], CreatedAt = time.GetUtcNow() };
        await store.Activity.InsertAsync(entry, cancellationToken);
        return entry;
    }
}
