using MassTransit;
using Saas.Billing.Storage;
using Saas.Billing.Features.Timeline;
using Saas.Contracts.Billing;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// The one writer of <see cref="BillingCustomer"/> documents. A change and the <c>SubscriptionChanged</c> it causes
/// are stored in one optimistic write (the document's pending events), then published and removed by the shared
/// <see cref="PendingEventsRelay{T}"/>; a publish that fails stays in the document for the next write or the relay's
/// sweep, so no effective change goes untold.
/// </summary>
public sealed class SubscriptionLedger(
    BillingStore store, PendingEventsRelay<BillingCustomer> relay, IPublishEndpoint publisher, TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1); // the store keeps milliseconds

    public Task<BillingCustomer?> GetAsync(SubscriberId subscriber, CancellationToken ct) => store.Customers.GetAsync(subscriber.Key, ct);

    /// <summary>
    /// The subscriber of a Stripe object: by its customer, else by the organization (<c>metadata.org_id</c>) or the
    /// user id our metadata carries.
    /// </summary>
    public async Task<SubscriberId?> ResolveAsync(string? customerId, string? userId, CancellationToken ct, string? organizationId = null)
    {
        if (customerId is { Length: > 0 })
        {
            var found = await store.Customers.FindAsync(c => c.StripeCustomerId == customerId, new() { Take = 1 }, ct);
            if (found is [var customer])
            {
                return new SubscriberId(customer.SubscriberKind, customer.SubscriberId);
            }
        }

        return organizationId is { Length: > 0 } ? SubscriberId.ForOrganization(organizationId)
            : userId is { Length: > 0 } ? SubscriberId.ForUser(userId) : null;
    }

    /// <summary>
    /// Reads, mutates and writes the subscriber's document until the write wins. <paramref name="mutate"/> returns
    /// false when it changed nothing; it may run more than once. <paramref name="at"/> is when the change was
    /// true (Stripe's event time, or now).
    /// </summary>
    public async Task<BillingCustomer?> UpdateAsync(
        SubscriberId subscriber, Func<BillingCustomer, bool> mutate, DateTimeOffset at, bool isReplay, CancellationToken ct)
    {
        string? own = null;
        var (customer, written) = await store.Customers.UpsertAsync(
            subscriber.Key,
            () => new BillingCustomer { SubscriberKind = subscriber.Kind, SubscriberId = subscriber.Id, CreatedAt = time.GetUtcNow() },
            customer =>
            {
                // Runs again on what another writer stored when it wrote first.
                var now = time.GetUtcNow();
                var before = EffectiveState.Of(customer);
                var (stripeBefore, overrideBefore) = (customer.Stripe, customer.Override);
                own = null;
                if (!mutate(customer))
                {
                    return false;
                }

                var after = EffectiveState.Of(customer);
                if (after != before)
                {
                    own = customer.Stage(Message(customer, after, OrderedAt(customer, at), now, isReplay), now);
                    TransitionRecorder.Record(customer, before, after, stripeBefore, overrideBefore, now, isReplay);
                }

                customer.UpdatedAt = now;
                return true;
            },
            ct);

        // Our own change at once; an older one left by a killed process or a broker outage too (see the relay).
        if (written || customer is { HasPendingEvents: true })
        {
            await relay.RelayAsync(customer!, written && own is not null ? [own] : [], ct, publisher);
        }

        return customer;
    }

    /// <summary>Strictly later than the previous change's, so a consumer keeping the newest never drops this one as stale.</summary>
    private static DateTimeOffset OrderedAt(BillingCustomer customer, DateTimeOffset at)
    {
        var orderedAt = customer.LastPublishedAt is { } last && at <= last ? last + Tick : at;
        customer.LastPublishedAt = orderedAt;
        return orderedAt;
    }

    private static SubscriptionChanged Message(BillingCustomer customer, EffectiveState state, DateTimeOffset orderedAt, DateTimeOffset now, bool isReplay) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = now,
        UserId = customer.SubscriberKind == SubscriberId.UserKind ? customer.SubscriberId : null,
        OrganizationId = customer.SubscriberKind == SubscriberId.UserKind ? null : customer.SubscriberId,
        // Required by the contract; empty for an override on a subscriber who never reached Stripe.
        CustomerId = state.CustomerId ?? "",
        SubscriptionId = state.SubscriptionId,
        Status = state.Status,
        PlanId = state.PlanId,
        CurrentPeriodEnd = state.CurrentPeriodEnd,
        CancelAtPeriodEnd = state.CancelAtPeriodEnd,
        StripeEventCreated = orderedAt,
        IsReplay = isReplay,
    };
}
