using System.ComponentModel.DataAnnotations;

namespace Saas.Gateway.Cors;

/// <summary>
/// Which browser origins may call the API (section <c>Cors</c>; saasbackend's <c>CORS_ORIGIN</c> maps here).
/// <c>AllowedOrigins</c> is a comma-separated string or an array: <c>*</c> lets any origin in without
/// credentials, a list lets those origins in with credentials (cookies, Authorization).
/// </summary>
public sealed class GatewayCorsOptions : IValidatableObject
{
    public const string SectionName = "Cors";
    public const string AnyOrigin = "*";

    public string[] AllowedOrigins { get; set; } = [];

    public bool AllowsAnyOrigin => AllowedOrigins.Contains(AnyOrigin);

    /// <summary>The origins as browsers send them: scheme://host[:port], no trailing slash.</summary>
    public IEnumerable<string> NormalizedOrigins =>
        AllowedOrigins.Where(o => o != AnyOrigin).Select(o => new Uri(o).GetLeftPart(UriPartial.Authority));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins.Where(o => o != AnyOrigin && !IsOrigin(o)))
        {
            yield return new ValidationResult(
                $"'{origin}' is not an origin (an absolute http(s) URI without path) or '*'", [nameof(AllowedOrigins)]);
        }
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0;
}
