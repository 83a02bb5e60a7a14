using Saas.Storage;

namespace Saas.Identity.Features.Accounts;

/// <summary>A user account, stored in <c>users</c> with a unique index on the normalised e-mail address.</summary>
public sealed class User : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    /// <summary>Lowercased and trimmed (see <see cref="Emails.Normalize"/>), so uniqueness ignores case.</summary>
    public string Email { get; set; } = "";

    public string? Name { get; set; }

    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2; the iteration count is inside).</summary>
    public string PasswordHash { get; set; } = "";

    public bool EmailVerified { get; set; }

    /// <summary>Staff roles (<c>admin</c>, <c>support</c>), carried as <c>role</c> claims.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>saasbackend's vocabulary: none, active, trialing, past_due, unpaid, paused, cancelled, incomplete, incomplete_expired.</summary>
    public string SubscriptionStatus { get; set; } = "none";

    public string? StripeCustomerId { get; set; }

    public string? StripeSubscriptionId { get; set; }

    public string? PlanId { get; set; }

    /// <summary>Stripe creation time of the last subscription change applied: older changes arriving late are ignored.</summary>
    public DateTimeOffset? SubscriptionChangedAt { get; set; }

    /// <summary>Free-form user settings (saasbackend's <c>settings: Mixed</c>).</summary>
    public Dictionary<string, object?> Settings { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
