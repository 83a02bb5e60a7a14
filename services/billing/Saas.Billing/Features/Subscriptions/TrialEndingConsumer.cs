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

            var update = new SubscriptionUpdate
            {
                SubscriptionId = e.SubscriptionId,
                Status = e.Status,
                At = e.StripeCreated,
                Kind = UpdateKind.TrialEnding,
                Source = e.StripeEventId,
                PriceId = e.PriceId,
                CurrentPeriodEnd = e.CurrentPeriodEnd,
                CancelAtPeriodEnd = e.CancelAtPeriodEnd,
                TrialEnd = e.TrialEnd,
            };
            await ledger.UpdateAsync(subscriber, c => SubscriptionMachine.Apply(c, update, catalog), e.StripeCreated, e.IsReplay, context.CancellationToken);
        }, context.CancellationToken);
    }
}
