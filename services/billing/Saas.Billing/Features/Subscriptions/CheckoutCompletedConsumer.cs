using MassTransit;
using Saas.Billing.Features.Stripe;
using Saas.Contracts.Webhooks;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// <c>checkout.session.completed</c>: links the customer to the user and, for a subscription-mode session, reads
/// the new subscription live (the session event does not carry its status). Stripe being down fails the message,
/// which MassTransit retries and finally parks in the error queue for a replay.
/// </summary>
public sealed class CheckoutCompletedConsumer(MessageInbox inbox, SubscriptionLedger ledger, Reconciler reconciler, ILogger<CheckoutCompletedConsumer> logger)
    : IConsumer<StripeCheckoutSessionCompleted>
{
    public Task Consume(ConsumeContext<StripeCheckoutSessionCompleted> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        return inbox.RunOnceAsync(e, async () =>
        {
            // An organization's session carries metadata.org_id; its client_reference_id (which the translator may
            // report as the user id) is then the organization's id, not a user's.
            var organizationId = e.Metadata.TryGetValue(StripeMetadata.OrganizationKey, out var org) ? org : null;
            if (await ledger.ResolveAsync(e.CustomerId, organizationId is null ? e.UserId : null, ct, organizationId) is not { } subscriber)
            {
                logger.LogWarning("Checkout session {SessionId} names no user and an unknown customer; ignored", e.CheckoutSessionId);
                return;
            }

            await ledger.UpdateAsync(subscriber, c => StripeEventEffects.ApplyCheckoutLink(c, e), e.StripeCreated, e.IsReplay, ct);

            if (e.SubscriptionId is not null)
            {
                await reconciler.ReconcileAsync(subscriber, e.SubscriptionId, ct);
            }
        }, ct);
    }
}
