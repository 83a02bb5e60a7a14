using System.Text.Json;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Intake;
using static Saas.Webhooks.Features.Intake.StripeJson;

namespace Saas.Webhooks.Features.Processing;

/// <summary><c>invoice.*</c> events, whose <c>data.object</c> is an invoice.</summary>
public static class InvoiceTranslation
{
    public static StripeInvoicePaid Paid(StripeEventEnvelope e, TranslationContext c)
    {
        var o = e.DataObject;
        return c.Stamp(e, new StripeInvoicePaid
        {
            InvoiceId = StripeEventTranslator.Required(o, "id"),
            SubscriptionId = SubscriptionId(o),
            Status = StripeEventTranslator.Required(o, "status"),
            PriceId = PriceId(o),
            PeriodEnd = Time(o, "lines", "data", 0, "period", "end") ?? Time(o, "period_end"),
            AmountPaid = Long(o, "amount_paid") ?? 0,
            Currency = String(o, "currency"),
            BillingReason = String(o, "billing_reason"),
            HostedInvoiceUrl = String(o, "hosted_invoice_url"),
        });
    }

    public static StripeInvoicePaymentFailed PaymentFailed(StripeEventEnvelope e, TranslationContext c)
    {
        var o = e.DataObject;
        return c.Stamp(e, new StripeInvoicePaymentFailed
        {
            InvoiceId = StripeEventTranslator.Required(o, "id"),
            SubscriptionId = SubscriptionId(o),
            Status = StripeEventTranslator.Required(o, "status"),
            PriceId = PriceId(o),
            PeriodEnd = Time(o, "lines", "data", 0, "period", "end") ?? Time(o, "period_end"),
            AmountDue = Long(o, "amount_due") ?? 0,
            Currency = String(o, "currency"),
            AttemptCount = Long(o, "attempt_count") ?? 0,
            NextPaymentAttempt = Time(o, "next_payment_attempt"),
            BillingReason = String(o, "billing_reason"),
            HostedInvoiceUrl = String(o, "hosted_invoice_url"),
        });
    }

    /// <summary>Under <c>parent.subscription_details</c> since API 2025-03-31 (basil); top level before.</summary>
    private static string? SubscriptionId(JsonElement o) =>
        Id(o, "parent", "subscription_details", "subscription")
        ?? Id(o, "lines", "data", 0, "parent", "subscription_item_details", "subscription")
        ?? Id(o, "subscription");

    /// <summary>The first line's price: <c>pricing.price_details.price</c> since basil, <c>price</c> before.</summary>
    private static string? PriceId(JsonElement o) =>
        Id(o, "lines", "data", 0, "pricing", "price_details", "price") ?? Id(o, "lines", "data", 0, "price");
}
