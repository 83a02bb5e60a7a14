using Microsoft.AspNetCore.Builder;

namespace Saas.ServiceDefaults.Authentication.ApiKeys;

/// <summary>
/// What an API key may do. A route accepts keys only when it names a scope with <see cref="ApiKeyEndpointExtensions.AllowApiKey"/>;
/// every other authorized route answers a key 403, so a new route is closed to keys until it opts in.
/// </summary>
public static class ApiKeyScopes
{
    /// <summary><c>GET /api/v1/usage/check/{feature}</c> (own or an organization's).</summary>
    public const string UsageRead = "usage:read";

    /// <summary><c>POST /api/v1/usage/track</c> (own or an organization's).</summary>
    public const string UsageWrite = "usage:write";

    /// <summary><c>GET /api/billing/subscription</c>.</summary>
    public const string SubscriptionRead = "subscription:read";

    /// <summary><c>GET /api/auth/me</c>.</summary>
    public const string ProfileRead = "profile:read";

    /// <summary>Every scope a key may hold.</summary>
    public static readonly IReadOnlyList<string> All = [UsageRead, UsageWrite, SubscriptionRead, ProfileRead];

    /// <summary>What a key gets when its creator names no scopes: the usage routes.</summary>
    public static readonly IReadOnlyList<string> Default = [UsageRead, UsageWrite];
}

/// <summary>Endpoint metadata: an API key holding <see cref="Scope"/> may call the route.</summary>
public sealed record AllowApiKeyMetadata(string Scope);

/// <summary>Opting a route in to API keys.</summary>
public static class ApiKeyEndpointExtensions
{
    /// <summary>Lets an API key holding <paramref name="scope"/> call the route instead of an access token.</summary>
    public static TBuilder AllowApiKey<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new AllowApiKeyMetadata(scope)));
        return builder;
    }
}
