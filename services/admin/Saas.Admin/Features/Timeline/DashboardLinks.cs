using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Saas.Admin.Features.Timeline;

/// <summary>The Aspire dashboard's browser address (section <c>Dashboard</c>, set by the AppHost); optional.</summary>
public sealed class DashboardOptions : IValidatableObject
{
    public const string SectionName = "Dashboard";

    public string? Url { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(Url)]);
        }
    }
}

/// <summary>An attempt's trace on the dashboard (Aspire 13's <c>/traces/detail/{traceId}</c>), or null when its address is unknown.</summary>
public sealed class DashboardLinks(IOptions<DashboardOptions> options)
{
    public string? Trace(string? traceId) =>
        options.Value.Url is { Length: > 0 } url && !string.IsNullOrEmpty(traceId)
            ? $"{url.TrimEnd('/')}/traces/detail/{Uri.EscapeDataString(traceId)}"
            : null;
}
