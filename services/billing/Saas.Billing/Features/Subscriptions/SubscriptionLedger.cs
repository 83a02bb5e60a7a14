using MassTransit;
using Saas.Billing.Common;
using Saas.Billing.Features.Timeline;
using Saas.Contracts.Billing;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// The one writer of <see cref="BillingCustomer"/> documents. A change and the <c>SubscriptionChanged</c> it causes
/// are stored in one optimistic write (the document's outbox), then published and removed; a publish that fails
/// stays in the outbox for the next write or the <see cref="OutboxSweeper"/>, so no effective change goes untold.
/// </summary>
public sealed class SubscriptionLedger(
    BillingStore store, IPublishEndpoint publisher, TimeProvider time, ILogger<SubscriptionLedger> logger, BrokerConnection? broker = null)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1); // the store keeps milliseconds

    /// <summary>
    /// A pending change younger than this belongs to the writer that stored it (it is publishing it right now);
    /// others publish only older ones, so a concurrent duplicate delivery does not publish it a second time.
    /// </summary>
    public static readonly TimeSpan OrphanedAfter = TimeSpan.FromSeconds(10);

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
        PendingChange? pending = null;
        var (customer, written) = await store.Customers.UpsertAsync(
            subscriber.Key,
            () => new BillingCustomer { SubscriberKind = subscriber.Kind, SubscriberId = subscriber.Id, CreatedAt = time.GetUtcNow() },
            customer =>
            {
                // Runs again on what another writer stored when it wrote first.
                var now = time.GetUtcNow();
                var before = EffectiveState.Of(customer);
                var (stripeBefore, overrideBefore) = (customer.Stripe, customer.Override);
                pending = null;
                if (!mutate(customer))
                {
                    return false;
                }

                var after = EffectiveState.Of(customer);
                if (after != before)
                {
                    pending = Pending(customer, after, at, now, isReplay);
                    customer.Outbox.Add(pending);
                    TransitionRecorder.Record(customer, before, after, stripeBefore, overrideBefore, now, isReplay);
                }

                customer.HasPendingChanges = customer.Outbox.Count > 0;
                customer.UpdatedAt = now;
                return true;
            },
            ct);

        if (written || customer is { HasPendingChanges: true })
        {
            await FlushAsync(customer!, written ? pending?.EventId : null, ct);
        }

        return customer;
    }

    /// <summary>
    /// Publishes, in order, the caller's own pending change (<paramref name="own"/>) and any orphaned one (see
    /// <see cref="OrphanedAfter"/>), then removes them from the document.
    /// </summary>
    public async Task FlushAsync(BillingCustomer customer, Guid? own, CancellationToken ct)
    {
        var orphaned = time.GetUtcNow() - OrphanedAfter;
        var due = customer.Outbox.Where(c => c.EventId == own || c.OccurredAt <= orphaned).OrderBy(c => c.OrderedAt).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var published = new HashSet<Guid>();
        try
        {
            foreach (var change in due)
            {
                await publisher.Publish(Message(customer, change), ct);
                published.Add(change.EventId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // While the broker is known to be down (ServiceDefaults logs that once), one line per customer and sweep
            // would only repeat it.
            if (broker?.IsDown != true)
            {
                logger.LogWarning("Publishing SubscriptionChanged for {Subscriber} failed ({Reason}); it stays in the outbox", customer.Id, ex.GetBaseException().Message);
            }
        }

        if (published.Count > 0)
        {
            await store.Customers.UpdateAsync(customer.Id, current =>
            {
                var removed = current.Outbox.RemoveAll(c => published.Contains(c.EventId)) > 0;
                current.HasPendingChanges = current.Outbox.Count > 0;
                return removed;
            }, ct);
        }
    }

    private static PendingChange Pending(BillingCustomer customer, EffectiveState state, DateTimeOffset at, DateTimeOffset now, bool isReplay)
    {
        // Strictly later than the previous one, so a consumer keeping the newest never drops this change as stale.
        var orderedAt = customer.LastPublishedAt is { } last && at <= last ? last + Tick : at;
        customer.LastPublishedAt = orderedAt;
        return new PendingChange
        {
            EventId = Guid.NewGuid(),
            OccurredAt = now,
            OrderedAt = orderedAt,
            Status = state.Status,
            PlanId = state.PlanId,
            CustomerId = state.CustomerId,
            SubscriptionId = state.SubscriptionId,
            CurrentPeriodEnd = state.CurrentPeriodEnd,
            CancelAtPeriodEnd = state.CancelAtPeriodEnd,
            IsReplay = isReplay,
        };
    }

    private static SubscriptionChanged Message(BillingCustomer customer, PendingChange change) => new()
    {
        EventId = change.EventId,
        OccurredAt = change.OccurredAt,
        UserId = customer.SubscriberKind == SubscriberId.UserKind ? customer.SubscriberId : null,
        OrganizationId = customer.SubscriberKind == SubscriberId.UserKind ? null : customer.SubscriberId,
        // Required by the contract; empty for an override on a subscriber who never reached Stripe.
        CustomerId = change.CustomerId ?? "",
        SubscriptionId = change.SubscriptionId,
        Status = change.Status,
        PlanId = change.PlanId,
        CurrentPeriodEnd = change.CurrentPeriodEnd,
        CancelAtPeriodEnd = change.CancelAtPeriodEnd,
        StripeEventCreated = change.OrderedAt,
        IsReplay = change.IsReplay,
    };
}
