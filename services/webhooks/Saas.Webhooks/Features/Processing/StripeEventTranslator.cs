using System.Text.Json;
using Saas.Contracts;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Intake;
using static Saas.Webhooks.Features.Intake.StripeJson;

namespace Saas.Webhooks.Features.Processing;

public sealed record TranslationContext(Guid EventId, bool IsReplay, bool RepeatSideEffects)
{
    /// <summary>Fills the envelope fields every translated event carries, from the Stripe event and this delivery.</summary>
    public T Stamp<T>(StripeEventEnvelope e, T translated) where T : StripeIntegrationEvent =>
        (T)(((StripeIntegrationEvent)translated) with
        {
            EventId = EventId,
            OccurredAt = e.Created,
            StripeEventId = e.Id,
            StripeEventType = e.Type,
            StripeCreated = e.Created,
            Livemode = e.Livemode,
            CustomerId = e.CustomerId,
            IsReplay = IsReplay,
            RepeatSideEffects = RepeatSideEffects,
        });
}

/// <summary>
/// Turns a Stripe event into the integration event other services consume, reading the raw JSON so any API
/// version works: where Stripe moved a field (API 2025-03-31 moved <c>current_period_end</c> to the items and an
/// invoice's subscription under <c>parent</c>), both places are read.
/// </summary>
public static class StripeEventTranslator
{
    public static readonly IReadOnlySet<string> HandledTypes = new HashSet<string>
    {
        "checkout.session.completed",
        "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
        "customer.subscription.trial_will_end",
        "invoice.payment_succeeded", "invoice.paid", "invoice.payment_failed",
    };

    /// <summary>The integration event, or null for a type we store but do not act on.</summary>
    /// <exception cref="InvalidOperationException">A handled type lacks a field it cannot do without.</exception>
    public static IIntegrationEvent? Translate(StripeEventEnvelope e, TranslationContext context) => e.Type switch
    {
        "checkout.session.completed" => Checkout(e, context),
        "customer.subscription.created" or "customer.subscription.updated" or "customer.subscription.deleted" =>
            SubscriptionTranslation.Changed(e, context),
        "customer.subscription.trial_will_end" => SubscriptionTranslation.TrialEnding(e, context),
        "invoice.payment_succeeded" or "invoice.paid" => InvoiceTranslation.Paid(e, context),
        "invoice.payment_failed" => InvoiceTranslation.PaymentFailed(e, context),
        _ => null,
    };

    public static string Required(JsonElement o, string member) =>
        String(o, member) ?? throw new InvalidOperationException($"data.object.{member} is missing");

    /// <summary><c>metadata.userId</c> as our checkout sets it; <c>user_id</c> for senders that use snake case.</summary>
    public static string? UserId(JsonElement o) => String(o, "metadata", "userId") ?? String(o, "metadata", "user_id");

    private static StripeCheckoutSessionCompleted Checkout(StripeEventEnvelope e, TranslationContext c)
    {
        var o = e.DataObject;
        var metadata = Path(o, "metadata") is { ValueKind: JsonValueKind.Object } m
            ? m.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];
        var clientReference = String(o, "client_reference_id");
        return c.Stamp(e, new StripeCheckoutSessionCompleted
        {
            CheckoutSessionId = Required(o, "id"),
            SubscriptionId = Id(o, "subscription"),
            Mode = String(o, "mode"),
            Status = String(o, "status"),
            PaymentStatus = String(o, "payment_status"),
            ClientReferenceId = clientReference,
            UserId = UserId(o) ?? clientReference,
            PriceId = String(o, "metadata", "priceId") ?? String(o, "metadata", "price_id"),
            CustomerEmail = String(o, "customer_details", "email") ?? String(o, "customer_email"),
            Metadata = metadata,
        });
    }
}
