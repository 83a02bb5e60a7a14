using MassTransit;
using Saas.Billing.Features.Stripe;
using Saas.Contracts.Identity;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// A deleted account stops paying: its live Stripe subscription is canceled at once (idempotency key per
/// subscription, so a redelivery cancels nothing twice). Stripe being down fails the message for a retry.
/// </summary>
public sealed class UserDeletedConsumer(MessageInbox inbox, SubscriptionLedger ledger, StripeGateway stripe, Reconciler reconciler, ILogger<UserDeletedConsumer> logger)
    : IConsumer<UserDeleted>
{
    public Task Consume(ConsumeContext<UserDeleted> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        return inbox.RunOnceAsync(e, async () =>
        {
            var subscriber = SubscriberId.ForUser(e.UserId);
            var customer = await ledger.GetAsync(subscriber, ct);
            var subscriptionId = customer?.Stripe is { } s && !SubscriptionStatuses.IsTerminal(s.Status) ? s.SubscriptionId : null;
            subscriptionId ??= customer?.Stripe is null ? e.StripeSubscriptionId : null;
            if (subscriptionId is null)
            {
                return;
            }

            if (await stripe.CancelSubscriptionAsync(subscriptionId, ct) is { } canceled)
            {
                logger.LogInformation("Canceled subscription {SubscriptionId} of deleted user {UserId}", subscriptionId, e.UserId);
                await reconciler.ApplyAsync(subscriber, canceled, ct);
            }
        }, ct);
    }
}
