using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Intake;
using static Saas.Webhooks.Features.Intake.StripeJson;

namespace Saas.Webhooks.Features.Processing;

/// <summary><c>customer.subscription.*</c> events, whose <c>data.object</c> is a subscription.</summary>
public static class SubscriptionTranslation
{
    public static StripeSubscriptionChanged Changed(StripeEventEnvelope e, TranslationContext c)
    {
        var o = e.DataObject;
        return c.Stamp(e, new StripeSubscriptionChanged
        {
            Change = e.Type["customer.subscription.".Length..],
            SubscriptionId = StripeEventTranslator.Required(o, "id"),
            Status = StripeEventTranslator.Required(o, "status"),
            PreviousStatus = e.PreviousAttributes is { } previous ? String(previous, "status") : null,
            PriceId = PriceId(o),
            ProductId = Id(o, "items", "data", 0, "price", "product"),
            Quantity = Long(o, "items", "data", 0, "quantity"),
            CurrentPeriodEnd = CurrentPeriodEnd(o),
            CancelAtPeriodEnd = Bool(o, "cancel_at_period_end"),
            CancelAt = Time(o, "cancel_at"),
            CanceledAt = Time(o, "canceled_at"),
            TrialEnd = Time(o, "trial_end"),
            UserId = StripeEventTranslator.UserId(o),
        });
    }

    public static StripeSubscriptionTrialEnding TrialEnding(StripeEventEnvelope e, TranslationContext c)
    {
        var o = e.DataObject;
        return c.Stamp(e, new StripeSubscriptionTrialEnding
        {
            SubscriptionId = StripeEventTranslator.Required(o, "id"),
            Status = StripeEventTranslator.Required(o, "status"),
            TrialEnd = Time(o, "trial_end"),
            PriceId = PriceId(o),
            CurrentPeriodEnd = CurrentPeriodEnd(o),
            CancelAtPeriodEnd = Bool(o, "cancel_at_period_end"),
            UserId = StripeEventTranslator.UserId(o),
        });
    }

    private static string? PriceId(System.Text.Json.JsonElement o) =>
        Id(o, "items", "data", 0, "price") ?? Id(o, "plan");

    /// <summary>On the first item since API 2025-03-31 (basil), on the subscription before.</summary>
    private static DateTimeOffset? CurrentPeriodEnd(System.Text.Json.JsonElement o) =>
        First(Time(o, "items", "data", 0, "current_period_end"), Time(o, "current_period_end"));
}
