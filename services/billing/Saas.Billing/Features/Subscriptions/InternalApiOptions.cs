namespace Saas.Billing.Features.Subscriptions;

public sealed class InternalApiOptions
{
    public const string SectionName = "Billing";

    /// <summary>Shared key for <c>/internal/billing/**</c>, sent as <c>X-Internal-Api-Key</c>; required outside Development.</summary>
    public string? InternalApiKey { get; set; }
}
