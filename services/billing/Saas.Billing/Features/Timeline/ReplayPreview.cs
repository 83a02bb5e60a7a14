using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Billing.Storage;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Stripe;
using Saas.Billing.Features.Subscriptions;
using Saas.Contracts.Webhooks;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Timeline;

/// <summary>
/// The replay preview: each translated event is applied, in the order given, to a copy of its subscriber's document
/// with the functions the consumers use (<see cref="StripeEventEffects"/>), so the answer is what a replay would do
/// now. Events of one subscriber chain: the second sees the first one's result. Nothing is stored or published.
/// </summary>
public static class ReplayPreview
{
    public const int MaxEvents = 500;

    public static async Task<Results<Ok<ReplayPreviewResponse>, ProblemHttpResult>> PreviewAsync(
        ReplayPreviewRequest request, SubscriptionLedger ledger, BillingStore store, PlanCatalog catalog, CancellationToken ct)
    {
        if (request.Events is not { } events || events.Count > MaxEvents)
        {
            return ErrorResults.BadRequest($"events must be a list of at most {MaxEvents}", "events");
        }

        var copies = new Dictionary<string, BillingCustomer>();
        var previews = new List<EventPreview>();
        for (var i = 0; i < events.Count; i++)
        {
            if (Read(events[i]) is not { } message)
            {
                return ErrorResults.BadRequest($"events[{i}] is not a translated Stripe event billing knows", $"events[{i}].message");
            }

            previews.Add(await PreviewOneAsync(events[i].StripeEventId ?? message.StripeEventId, message, copies, ledger, store, catalog, ct));
        }

        return TypedResults.Ok(new ReplayPreviewResponse(previews, previews.All(p => !p.WouldChange)));
    }

    private static async Task<EventPreview> PreviewOneAsync(
        string stripeEventId, StripeIntegrationEvent message, Dictionary<string, BillingCustomer> copies, SubscriptionLedger ledger,
        BillingStore store, PlanCatalog catalog, CancellationToken ct)
    {
        var organizationId = message is StripeCheckoutSessionCompleted checkout
                             && checkout.Metadata.TryGetValue(StripeMetadata.OrganizationKey, out var org) ? org : null;
        var userId = message switch
        {
            StripeSubscriptionChanged c => c.UserId,
            StripeSubscriptionTrialEnding t => t.UserId,
            StripeCheckoutSessionCompleted s when organizationId is null => s.UserId,
            _ => null,
        };
        if (await ledger.ResolveAsync(message.CustomerId, userId, ct, organizationId) is not { } subscriber)
        {
            return new EventPreview(stripeEventId, message.StripeEventType, null, null, null, null, false, false,
                "belongs to no subscriber billing knows: a replay would be ignored");
        }

        if (!copies.TryGetValue(subscriber.Key, out var copy))
        {
            copy = Copy(await ledger.GetAsync(subscriber, ct))
                   ?? new BillingCustomer { Id = subscriber.Key, SubscriberKind = subscriber.Kind, SubscriberId = subscriber.Id };
            copies[subscriber.Key] = copy;
        }

        var before = StateView.Of(copy);
        string? note = null;
        var resetsUsage = false;
        switch (message)
        {
            case StripeSubscriptionChanged e:
                StripeEventEffects.Apply(copy, e, catalog);
                break;
            case StripeSubscriptionTrialEnding e:
                StripeEventEffects.Apply(copy, e, catalog);
                break;
            case StripeInvoicePaid e:
                StripeEventEffects.ApplyInvoice(copy, e.SubscriptionId, paid: true, e.StripeCreated, e.PeriodEnd, e.StripeEventId, catalog);
                resetsUsage = await store.UsageResets.GetAsync(e.InvoiceId, ct) is null;
                break;
            case StripeInvoicePaymentFailed e:
                StripeEventEffects.ApplyInvoice(copy, e.SubscriptionId, paid: false, e.StripeCreated, e.PeriodEnd, e.StripeEventId, catalog);
                break;
            case StripeCheckoutSessionCompleted e:
                StripeEventEffects.ApplyCheckoutLink(copy, e);
                note = e.SubscriptionId is null ? null : "a replay also reads the subscription live from Stripe, which the preview does not";
                break;
        }

        var after = StateView.Of(copy);
        return new EventPreview(stripeEventId, message.StripeEventType, subscriber.Kind, subscriber.Id, before, after,
            before != after || resetsUsage, resetsUsage, note);
    }

    private static StripeIntegrationEvent? Read(PreviewEventRequest e)
    {
        var type = e.Type switch
        {
            nameof(StripeSubscriptionChanged) => typeof(StripeSubscriptionChanged),
            nameof(StripeSubscriptionTrialEnding) => typeof(StripeSubscriptionTrialEnding),
            nameof(StripeInvoicePaid) => typeof(StripeInvoicePaid),
            nameof(StripeInvoicePaymentFailed) => typeof(StripeInvoicePaymentFailed),
            nameof(StripeCheckoutSessionCompleted) => typeof(StripeCheckoutSessionCompleted),
            _ => null,
        };
        try
        {
            return type is null || e.Message.ValueKind != JsonValueKind.Object
                ? null
                : e.Message.Deserialize(type, JsonSerializerOptions.Web) as StripeIntegrationEvent;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A deep copy through JSON: the machine mutates lists and replaces nested objects.</summary>
    private static BillingCustomer? Copy(BillingCustomer? customer) =>
        customer is null ? null : JsonSerializer.Deserialize<BillingCustomer>(JsonSerializer.Serialize(customer));
}

public sealed record ReplayPreviewRequest(IReadOnlyList<PreviewEventRequest>? Events);

/// <summary><paramref name="Type"/>: the contract's type name (<c>StripeSubscriptionChanged</c>, …); <paramref name="Message"/>: its JSON.</summary>
public sealed record PreviewEventRequest(string? StripeEventId, string? Type, JsonElement Message);

public sealed record ReplayPreviewResponse(IReadOnlyList<EventPreview> Events, bool ChangesNothing);

public sealed record EventPreview(
    string StripeEventId, string EventType, string? SubscriberKind, string? SubscriberId, StateView? Before, StateView? After,
    bool WouldChange, bool WouldResetUsage, string? Note);

/// <summary>The state a support agent compares: effective status and plan, and Stripe's own state beneath an override.</summary>
public sealed record StateView(
    string Status, string? PlanId, string? StripeStatus, string? SubscriptionId, DateTimeOffset? CurrentPeriodEnd, bool CancelAtPeriodEnd)
{
    public static StateView Of(BillingCustomer customer)
    {
        var effective = EffectiveState.Of(customer);
        return new StateView(effective.Status, effective.PlanId, customer.Stripe?.Status, effective.SubscriptionId,
            effective.CurrentPeriodEnd, effective.CancelAtPeriodEnd);
    }
}
