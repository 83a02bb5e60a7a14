namespace Saas.Billing.Features.Subscriptions;

public sealed class InternalApiOptions
{
    public const string SectionName = "Billing";

    /// <summary>Optional shared key for <c>/internal/billing/**</c>, sent as <c>X-Internal-Api-Key</c>.</summary>
    public string? InternalApiKey { get; set; }
}
