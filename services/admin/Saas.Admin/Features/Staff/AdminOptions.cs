using System.ComponentModel.DataAnnotations;

namespace Saas.Admin.Features.Staff;

/// <summary>Staff sign-in and downstream keys (section <c>Admin</c>; saasbackend's ADMIN_USERNAME/ADMIN_PASSWORD map here).</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string SectionName = "Admin";

    /// <summary>HTTP Basic user name; Basic sign-in is off while this or <see cref="Password"/> is empty.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Wrong Basic credentials from one IP before it is locked out.</summary>
    /// <summary>Largest request body admin reads (the console's forms and the staff API's JSON are far smaller); larger → 413.</summary>
    [Range(1024, 1_048_576)]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    [Range(1, 1000)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long failures are remembered, and how long a lockout lasts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sent as <c>X-Internal-Api-Key</c> to identity (its <c>Identity:InternalApiKey</c>).</summary>
    public string? IdentityApiKey { get; set; }

    /// <summary>Sent as <c>X-Internal-Api-Key</c> to billing (its <c>Billing:InternalApiKey</c>).</summary>
    public string? BillingApiKey { get; set; }

    /// <summary>Sent as <c>X-Internal-Api-Key</c> to webhooks (its <c>Webhooks:InternalApiKey</c>).</summary>
    public string? WebhooksApiKey { get; set; }

    /// <summary>
    /// Addresses or CIDR networks (e.g. <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> is believed: the gateway's.
    /// Loopback is always trusted. Without the right entry every staffer looks like the gateway, and the sign-in
    /// throttle locks them all out together.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public bool BasicEnabled => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        global::Saas.ServiceDefaults.Security.TrustedProxies.Invalid(TrustedProxies)
            .Select(p => new ValidationResult($"'{p}' is neither an IP address nor a CIDR network", [nameof(TrustedProxies)]));
}
