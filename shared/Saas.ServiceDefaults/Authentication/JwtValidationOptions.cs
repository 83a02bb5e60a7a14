using System.ComponentModel.DataAnnotations;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// How access tokens are validated (section <c>Jwt</c>). Identity issues with the same issuer and audience,
/// so one setting keeps both sides in step.
/// </summary>
public sealed class JwtValidationOptions : IValidatableObject
{
    /// <summary>Configuration section of these options.</summary>
    public const string SectionName = "Jwt";

    /// <summary>The only algorithm accepted: pinned so a token cannot choose a weaker one (<c>none</c>, HS256).</summary>
    public const string Algorithm = "RS256";

    /// <summary>The JWT <c>typ</c> of access tokens (RFC 9068), so no other kind of JWT passes as one.</summary>
    public const string AccessTokenType = "at+jwt";

    /// <summary>Expected <c>iss</c>.</summary>
    [Required]
    public string Issuer { get; set; } = "saas-identity";

    /// <summary>Expected <c>aud</c>.</summary>
    [Required]
    public string Audience { get; set; } = "saas";

    /// <summary>Tolerance for clocks that disagree; the library default of 5 minutes is far too generous for 15-minute tokens.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where the public keys are published. Default: <c>services:identity:http:0</c> + <c>/.well-known/jwks.json</c>,
    /// or <c>http://identity/.well-known/jwks.json</c> resolved by service discovery.
    /// </summary>
    public string? JwksUri { get; set; }

    /// <summary>
    /// The shared internal API key identity signs its JWKS with (<c>X-Jwks-Signature</c>); an unsigned or wrongly
    /// signed JWKS is refused when this is set. Default: <c>ApiKeys:IdentityApiKey</c>, then <c>Admin:IdentityApiKey</c>.
    /// Required outside Development on services that fetch the JWKS.
    /// </summary>
    public string? JwksSignatureKey { get; set; }

    /// <summary>How long fetched keys are used before they are fetched again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Least time between two fetches caused by a token whose <c>kid</c> is unknown (a key rotation), so tokens
    /// with made-up kids cannot make a service hammer identity.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnknownKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// saasbackend's <c>JWT_ACCESS_SECRET</c> (mapped from a saasbackend <c>.env</c>). Inert on its own: its HS256 access
    /// tokens are accepted only while <see cref="LegacyAccessTokensUntil"/> is set and in the future.
    /// </summary>
    public string? LegacyAccessSecret { get; set; }

    /// <summary>
    /// Opts in to saasbackend's HS256 access tokens (signed with <see cref="LegacyAccessSecret"/>, which is then
    /// required) until this instant, for the transition after <c>saas import saasbackend</c>. Unset: refused.
    /// </summary>
    public DateTimeOffset? LegacyAccessTokensUntil { get; set; }

    /// <summary>Whether saasbackend tokens are accepted at <paramref name="now"/>.</summary>
    public bool AcceptsLegacyTokensAt(DateTimeOffset now) =>
        LegacyAccessTokensUntil is { } until && now < until && !string.IsNullOrEmpty(LegacyAccessSecret);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LegacyAccessTokensUntil is not null && string.IsNullOrWhiteSpace(LegacyAccessSecret))
        {
            yield return new ValidationResult(
                "is required when Jwt:LegacyAccessTokensUntil is set (saasbackend's JWT_ACCESS_SECRET)",
                [nameof(LegacyAccessSecret)]);
        }
    }
}
