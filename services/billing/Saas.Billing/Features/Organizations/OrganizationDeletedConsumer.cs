using MassTransit;
using Saas.Billing.Features.Stripe;
using Saas.Billing.Features.Subscriptions;
using Saas.Contracts.Identity;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Billing.Features.Organizations;

/// <summary>
/// A deleted organization: its members lose access at once (the tombstone is written first), then its live Stripe
/// subscription is canceled through the resilient gateway (idempotency key per subscription, so a redelivery cancels
/// nothing twice). Stripe being down fails the message for a retry, which repeats only no-ops before the cancel.
/// </summary>
public sealed class OrganizationDeletedConsumer(
    MessageInbox inbox, MembershipProjection projection, SubscriptionLedger ledger, StripeGateway stripe, Reconciler reconciler,
    ILogger<OrganizationDeletedConsumer> logger)
    : IConsumer<OrganizationDeleted>
{
    public Task Consume(ConsumeContext<OrganizationDeleted> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        return inbox.RunOnceAsync(e, async () =>
        {
            await projection.ForgetAsync(e.OrganizationId, e.Slug, e.OccurredAt, ct);

            var subscriber = SubscriberId.ForOrganization(e.OrganizationId);
            var customer = await ledger.GetAsync(subscriber, ct);
            if (customer?.Stripe is not { } live || SubscriptionStatuses.IsTerminal(live.Status))
            {
                return;
            }

            if (await stripe.CancelSubscriptionAsync(live.SubscriptionId, ct) is { } canceled)
            {
                logger.LogInformation("Canceled subscription {SubscriptionId} of deleted organization {OrganizationId}", live.SubscriptionId, e.OrganizationId);
                await reconciler.ApplyAsync(subscriber, canceled, ct);
            }
        }, ct);
    }
}
