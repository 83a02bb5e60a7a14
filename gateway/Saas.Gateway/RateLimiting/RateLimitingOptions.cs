using System.ComponentModel.DataAnnotations;

namespace Saas.Gateway.RateLimiting;

/// <summary>Per-client-IP windows for the routes worth protecting (section <c>RateLimiting</c>).</summary>
public sealed class RateLimitingOptions : IValidatableObject
{
    public const string SectionName = "RateLimiting";

    /// <summary>
    /// Credential endpoints (login, register, e-mail verification, password reset and change): slows password
    /// guessing without bothering a person.
    /// </summary>
    public WindowLimit Auth { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };

    /// <summary>
    /// What a signed-in front end calls all the time (<c>me</c>, <c>refresh-token</c>, <c>logout</c>, <c>sessions</c>):
    /// generous, so a single-page app calling <c>me</c> on every navigation, or an office behind one address, is never
    /// refused; it only stops floods.
    /// </summary>
    public WindowLimit Session { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    /// <summary>
    /// Refused webhook deliveries (bad or missing signature, malformed) per client IP and window. Valid deliveries
    /// are not counted at all: Stripe bursts hundreds a second after a bulk change or an outage.
    /// </summary>
    public WindowLimit Webhooks { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Auth.Validate(nameof(Auth)).Concat(Session.Validate(nameof(Session))).Concat(Webhooks.Validate(nameof(Webhooks)));
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    // The shared validator does not descend into nested objects, so the parent asks and names the full key.
    internal IEnumerable<ValidationResult> Validate(string name)
    {
        if (PermitLimit <= 0)
        {
            yield return new ValidationResult("must be a positive number", [$"{name}:{nameof(PermitLimit)}"]);
        }

        if (WindowSeconds <= 0)
        {
            yield return new ValidationResult("must be a positive number", [$"{name}:{nameof(WindowSeconds)}"]);
        }
    }
}
