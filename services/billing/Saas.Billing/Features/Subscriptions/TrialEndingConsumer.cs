using MassTransit;
using Saas.Billing.Features.Plans;
using Saas.Contracts.Webhooks;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// <c>customer.subscription.trial_will_end</c>: a reminder (identity tells the user), but its payload is the
/// subscription's state at that time, so it is applied like any other snapshot — under the same ordering rules.
/// </summary>
public sealed class TrialEndingConsumer(MessageInbox inbox, SubscriptionLedger ledger, PlanCatalog catalog) : IConsumer<StripeSubscriptionTrialEnding>
{
    public Task Consume(ConsumeContext<StripeSubscriptionTrialEnding> context)
    {
        var e = context.Message;
        return inbox.RunOnceAsync(e, async () =>
        {
            if (await ledger.ResolveAsync(e.CustomerId, e.UserId, context.CancellationToken) is not { } subscriber)
            {
                return;
            }

            await ledger.UpdateAsync(subscriber, c => StripeEventEffects.Apply(c, e, catalog), e.StripeCreated, e.IsReplay, context.CancellationToken);
        }, context.CancellationToken);
    }
}
