using MassTransit;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Usage;
using Saas.Contracts.Webhooks;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Billing.Features.Subscriptions;

/// <summary><c>invoice.paid</c> / <c>invoice.payment_succeeded</c>: payment recovered, and usage starts afresh.</summary>
public sealed class InvoicePaidConsumer(MessageInbox inbox, SubscriptionLedger ledger, PlanCatalog catalog, UsageMeter usage) : IConsumer<StripeInvoicePaid>
{
    public Task Consume(ConsumeContext<StripeInvoicePaid> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        return inbox.RunOnceAsync(e, async () =>
        {
            if (await ledger.ResolveAsync(e.CustomerId, userId: null, ct) is not { } subscriber)
            {
                return;
            }

            await ledger.UpdateAsync(subscriber, c =>
                StripeEventEffects.ApplyInvoice(c, e.SubscriptionId, paid: true, e.StripeCreated, e.PeriodEnd, e.StripeEventId, catalog),
                e.StripeCreated, e.IsReplay, ct);

            // Once per invoice: a replay, or the sibling event of the same payment, must not wipe usage counted since.
            await usage.ResetAsync(subscriber, e.InvoiceId, ct);
        }, ct);
    }
}

/// <summary><c>invoice.payment_failed</c>: a live subscription becomes <c>past_due</c>.</summary>
public sealed class InvoicePaymentFailedConsumer(MessageInbox inbox, SubscriptionLedger ledger, PlanCatalog catalog) : IConsumer<StripeInvoicePaymentFailed>
{
    public Task Consume(ConsumeContext<StripeInvoicePaymentFailed> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        return inbox.RunOnceAsync(e, async () =>
        {
            if (await ledger.ResolveAsync(e.CustomerId, userId: null, ct) is not { } subscriber)
            {
                return;
            }

            await ledger.UpdateAsync(subscriber, c =>
                StripeEventEffects.ApplyInvoice(c, e.SubscriptionId, paid: false, e.StripeCreated, e.PeriodEnd, e.StripeEventId, catalog),
                e.StripeCreated, e.IsReplay, ct);
        }, ct);
    }
}
