using Saas.Billing.Features.Organizations;
using Saas.Billing.Features.Subscriptions;
using Saas.Billing.Features.Usage;
using Saas.Storage;

namespace Saas.Billing.Storage;

/// <summary>Billing's collections, named once, and their indexes (made before the service takes traffic or messages).</summary>
public sealed class BillingStore(IDocumentStore store) : IStoreInitializer
{
    public IDocumentCollection<BillingCustomer> Customers { get; } = store.Collection<BillingCustomer>("customers");

    public IDocumentCollection<UsageCounter> UsageCounters { get; } = store.Collection<UsageCounter>("usage_counters");

    public IDocumentCollection<UsageReset> UsageResets { get; } = store.Collection<UsageReset>("usage_resets");

    public IDocumentCollection<UsageBypassKey> UsageBypassKeys { get; } = store.Collection<UsageBypassKey>("usage_bypass_keys");

    public IDocumentCollection<OrganizationRecord> Organizations { get; } = store.Collection<OrganizationRecord>("organizations");

    public IDocumentCollection<OrganizationMember> OrganizationMembers { get; } = store.Collection<OrganizationMember>("organization_members");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Customers.EnsureIndexAsync(c => c.StripeCustomerId, cancellationToken: cancellationToken);
        await OrganizationMembers.EnsureIndexAsync(m => m.OrganizationId, cancellationToken: cancellationToken);
    }
}
