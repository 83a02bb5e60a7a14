using System.ComponentModel.DataAnnotations;

namespace Saas.Admin.Features.Alerts;

/// <summary>Alert rules' thresholds and where alerts go (section <c>Alerts</c>); validated at start.</summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string SectionName = "Alerts";

    /// <summary>How often the rules are evaluated.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The backlog alert fires when the oldest event still waiting to be processed is older than this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan BacklogAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The drift alert fires while an event from another Stripe API version arrived within this window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan DriftWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Optional operator webhook: each alert's start and end is POSTed here once (JSON, with an Idempotency-Key).</summary>
    public string? WebhookUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(WebhookUrl) &&
            (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult("must be an absolute http or https URL", [nameof(WebhookUrl)]);
        }
    }
}
