using Saas.Billing.Storage;
using Saas.Contracts.Billing;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// A <c>SubscriptionChanged</c> waiting in the customer document's old <c>outbox</c> field, as billing wrote it before
/// the shared <see cref="IHasPendingEvents"/> took its place. Read only, by <see cref="LegacyOutboxUpgrade"/>.
/// </summary>
public sealed class LegacyPendingChange
{
    public Guid EventId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset OrderedAt { get; set; }

    public string Status { get; set; } = "";

    public string? PlanId { get; set; }

    public string? CustomerId { get; set; }

    public string? SubscriptionId { get; set; }

    public DateTimeOffset? CurrentPeriodEnd { get; set; }

    public bool CancelAtPeriodEnd { get; set; }

    public bool IsReplay { get; set; }
}

/// <summary>
/// Carries changes a store written before the upgrade still held in the old <c>outbox</c> field over to the document's
/// <see cref="BillingCustomer.PendingEvents"/>, with their original event ids (consumers drop a repeat by it), then
/// clears the old field. It runs at start, before the relay's first sweep, which publishes them (they are older than
/// its orphan age). Safe to repeat: a document without old entries is left alone.
/// </summary>
public sealed class LegacyOutboxUpgrade(BillingStore store, ILogger<LegacyOutboxUpgrade> logger) : IStoreInitializer
{
    private const int Batch = 100;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // The old version indexed this flag for its sweeper; a store made since gets the (empty) index once.
        await store.Customers.EnsureIndexAsync(c => c.HasPendingChanges, cancellationToken: cancellationToken);
        var moved = 0;
        while (await store.Customers.FindAsync(c => c.HasPendingChanges, new() { Take = Batch }, cancellationToken) is { Count: > 0 } found)
        {
            foreach (var customer in found)
            {
                // The change may run again on a fresh copy after a write conflict: count only what the winning run moved.
                var movedHere = 0;
                await store.Customers.UpdateAsync(customer.Id, c => MoveOver(c, out movedHere), cancellationToken);
                moved += movedHere;
            }
        }

        if (moved > 0)
        {
            logger.LogInformation("Carried {Count} unpublished SubscriptionChanged events over from the old customer outbox", moved);
        }
    }

    private static bool MoveOver(BillingCustomer customer, out int moved)
    {
        moved = 0;
        if (!customer.HasPendingChanges && customer.Outbox is null)
        {
            return false;
        }

        foreach (var change in (customer.Outbox ?? []).OrderBy(c => c.OrderedAt))
        {
            var pending = PendingEvent.Of(Message(customer, change), change.OccurredAt);
            // A retried update starts from a fresh copy, so this only guards a document half carried over by hand.
            if (customer.PendingEvents.All(e => e.EventId != pending.EventId))
            {
                customer.PendingEvents.Add(pending);
                moved++;
            }
        }

        // Stable: entries of one millisecond keep the order they were written in (List.Sort would not).
        customer.PendingEvents = [.. customer.PendingEvents.OrderBy(e => e.CreatedAt)];
        customer.HasPendingEvents = customer.PendingEvents.Count > 0;
        (customer.Outbox, customer.HasPendingChanges) = (null, false);
        return true;
    }

    /// <summary>The message exactly as the old ledger published it.</summary>
    private static SubscriptionChanged Message(BillingCustomer customer, LegacyPendingChange change) => new()
    {
        EventId = change.EventId,
        OccurredAt = change.OccurredAt,
        UserId = customer.SubscriberKind == SubscriberId.UserKind ? customer.SubscriberId : null,
        OrganizationId = customer.SubscriberKind == SubscriberId.UserKind ? null : customer.SubscriberId,
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
