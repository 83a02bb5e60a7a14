using Saas.Storage;

namespace Saas.Billing.Features.Usage;

/// <summary>
/// Units of one feature used by one subscriber in one month since the last paid invoice. The id says which
/// (<c>subscriber|feature|yyyy-MM|epoch</c>), so every update is one atomic increment and a reset is a new epoch.
/// </summary>
public sealed class UsageCounter : IDocument
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public long Used { get; set; }
}

/// <summary>An invoice whose payment already reset the counters (Stripe sends <c>invoice.paid</c> and <c>invoice.payment_succeeded</c>).</summary>
public sealed class UsageReset : IDocument
{
    /// <summary>The invoice id.</summary>
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public string SubscriberKey { get; set; } = "";

    public DateTimeOffset ResetAt { get; set; }
}
