using Microsoft.Extensions.Configuration;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>Where the services reach identity for what authentication needs of it (its JWKS, API key checks).</summary>
internal static class IdentityAddress
{
    /// <summary>The service-discovery entry when one is configured, else identity's service name; no trailing slash.</summary>
    public static string From(IConfiguration configuration) =>
        (configuration[$"services:{ResourceNames.Identity}:http:0"] is { Length: > 0 } identity
            ? identity
            : $"http://{ResourceNames.Identity}").TrimEnd('/');
}
