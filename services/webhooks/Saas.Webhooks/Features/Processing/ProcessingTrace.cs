using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// The span of one processing attempt, tagged so the dashboard's trace of a webhook names the Stripe event
/// (<c>stripe.event.id</c>) and links to its page in the admin console (<c>saas.console.url</c>, when
/// <see cref="ConsoleLinkOptions.Url"/> is known).
/// </summary>
public static class ProcessingTrace
{
    /// <summary>The application's own source's name, which ServiceDefaults already exports.</summary>
    public const string SourceName = "Saas.Webhooks";

    // A listener's ShouldListenTo runs inside this constructor: it must not read Source itself (null until it returns).
    public static readonly ActivitySource Source = new(SourceName);

    public const string StripeEventIdTag = "stripe.event.id";
    public const string ConsoleUrlTag = "saas.console.url";

    public static Activity? Start(StripeEventDocument e, string? consoleUrl)
    {
        var activity = Source.StartActivity("process stripe event");
        // Without a listener (no exporter) there is no span of ours: tag the consume span instead, if any.
        var span = activity ?? Activity.Current;
        span?.SetTag(StripeEventIdTag, e.StripeEventId);
        span?.SetTag("stripe.event.type", e.EventType);
        if (consoleUrl is { Length: > 0 })
        {
            span?.SetTag(ConsoleUrlTag, $"{consoleUrl.TrimEnd('/')}/webhooks/{Uri.EscapeDataString(e.Id)}");
        }

        return activity;
    }
}

/// <summary>Where staff open the admin console (section <c>Console</c>), e.g. <c>http://localhost:8080/admin</c>; optional.</summary>
public sealed class ConsoleLinkOptions : IValidatableObject
{
    public const string SectionName = "Console";

    public string? Url { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(Url)]);
        }
    }
}
