using Saas.Billing.Features.Organizations;
using Saas.Billing.Features.Subscriptions;
using Saas.Billing.Features.Usage;
using Saas.Storage;

namespace Saas.Billing.Common;

/// <summary>Billing's collections, named once.</summary>
public sealed class BillingStore(IDocumentStore store)
{
    public IDocumentCollection<BillingCustomer> Customers { get; } = store.Collection<BillingCustomer>("customers");

    public IDocumentCollection<ProcessedEvent> ProcessedEvents { get; } = store.Collection<ProcessedEvent>("processed_events");

    public IDocumentCollection<UsageCounter> UsageCounters { get; } = store.Collection<UsageCounter>("usage_counters");

    public IDocumentCollection<UsageReset> UsageResets { get; } = store.Collection<UsageReset>("usage_resets");

    public IDocumentCollection<UsageBypassKey> UsageBypassKeys { get; } = store.Collection<UsageBypassKey>("usage_bypass_keys");

    public IDocumentCollection<OrganizationRecord> Organizations { get; } = store.Collection<OrganizationRecord>("organizations");

    public IDocumentCollection<OrganizationMember> OrganizationMembers { get; } = store.Collection<OrganizationMember>("organization_members");
}

/// <summary>Creates the indexes before the service takes traffic or messages.</summary>
internal sealed class BillingStoreInitializer(BillingStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Customers.EnsureIndexAsync(c => c.StripeCustomerId, cancellationToken: cancellationToken);
        await store.Customers.EnsureIndexAsync(c => c.HasPendingChanges, cancellationToken: cancellationToken);
        await store.ProcessedEvents.EnsureIndexAsync(e => e.EventId, unique: true, cancellationToken);
        await store.ProcessedEvents.EnsureExpiryIndexAsync(e => e.ExpiresAt, cancellationToken);
        await store.OrganizationMembers.EnsureIndexAsync(m => m.OrganizationId, cancellationToken: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
