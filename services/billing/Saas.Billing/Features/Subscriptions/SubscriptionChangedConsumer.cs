using MassTransit;
using Saas.Billing.Features.Plans;
using Saas.Contracts.Webhooks;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Billing.Features.Subscriptions;

/// <summary><c>customer.subscription.created/updated/deleted</c>: the subscription's full state at the event's time.</summary>
public sealed class SubscriptionChangedConsumer(
    MessageInbox inbox, SubscriptionLedger ledger, PlanCatalog catalog, ILogger<SubscriptionChangedConsumer> logger)
    : IConsumer<StripeSubscriptionChanged>
{
    public Task Consume(ConsumeContext<StripeSubscriptionChanged> context)
    {
        var e = context.Message;
        return inbox.RunOnceAsync(e, async () =>
        {
            if (await ledger.ResolveAsync(e.CustomerId, e.UserId, context.CancellationToken) is not { } subscriber)
            {
                logger.LogWarning("{Type} {StripeEventId}: customer {CustomerId} belongs to no subscriber; ignored", e.StripeEventType, e.StripeEventId, e.CustomerId);
                return;
            }

            await ledger.UpdateAsync(subscriber, c => StripeEventEffects.Apply(c, e, catalog),
                e.StripeCreated, e.IsReplay, context.CancellationToken);
        }, context.CancellationToken);
    }

    /// <summary>Records the customer of a subscriber found by metadata, unless one is recorded already.</summary>
    internal static bool Link(BillingCustomer customer, string? customerId)
    {
        if (customer.StripeCustomerId is not null || customerId is null)
        {
            return false;
        }

        customer.StripeCustomerId = customerId;
        return true;
    }
}
