using System.ComponentModel.DataAnnotations;

namespace Saas.ServiceDefaults.Authentication.ApiKeys;

/// <summary>How a service other than identity checks API keys (<c>ApiKeys:…</c>).</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    /// <summary>
    /// How long an answer from identity is reused: a revoked key keeps working here at most this long. Default 5 s.
    /// </summary>
    [Range(0, 300)]
    public int CacheSeconds { get; set; } = 5;

    /// <summary>
    /// The key identity's <c>/internal/**</c> routes require (its <c>Identity:InternalApiKey</c>, which is also the
    /// default when this is unset).
    /// </summary>
    public string? IdentityApiKey { get; set; }
}
