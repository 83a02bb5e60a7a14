namespace Saas.Testing;

/// <summary>
/// The internal API key for services the tests and benchmarks start as processes outside Development, where the
/// services refuse to start without one; callers of <c>/internal/**</c> send it in <see cref="HeaderName"/>.
/// </summary>
public static class InternalApiKey
{
    public const string HeaderName = "X-Internal-Api-Key";

    public const string Value = "test-internal-api-key-0123456789abcdef";

    /// <summary>Every service's key setting, as environment variables.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment =>
    [
        new("Identity__InternalApiKey", Value),
        new("Billing__InternalApiKey", Value),
        new("Webhooks__InternalApiKey", Value),
        new("Admin__IdentityApiKey", Value),
        new("Admin__BillingApiKey", Value),
        new("Admin__WebhooksApiKey", Value),
        new("ApiKeys__IdentityApiKey", Value),
    ];
}
