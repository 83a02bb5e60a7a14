using Saas.StripeEmulator;

namespace Saas.Testing;

/// <summary>
/// A subscription update in the shape Stripe sends for API 2026-10-28.endive, and Stripe's signature for it, for tests
/// that post webhooks through a running system.
/// </summary>
public static class SignedStripeEvents
{
    public static string SubscriptionUpdated(string eventId)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $$"""
            {
              "id": "{{eventId}}",
              "object": "event",
              "api_version": "2026-10-28.endive",
              "created": {{created}},
              "data": {
                "object": {
                  "id": "sub_{{eventId}}",
                  "object": "subscription",
                  "cancel_at_period_end": false,
                  "customer": "cus_{{eventId}}",
                  "items": {
                    "object": "list",
                    "data": [
                      {
                        "id": "si_{{eventId}}",
                        "object": "subscription_item",
                        "current_period_end": {{created + 30 * 86400}},
                        "current_period_start": {{created}},
                        "price": { "id": "price_pro_monthly", "object": "price", "product": "prod_pro" },
                        "quantity": 1
                      }
                    ]
                  },
                  "metadata": {},
                  "status": "active",
                  "trial_end": null
                },
                "previous_attributes": { "status": "past_due" }
              },
              "livemode": false,
              "pending_webhooks": 1,
              "request": { "id": null, "idempotency_key": null },
              "type": "customer.subscription.updated"
            }
            """;
    }

    /// <summary>Stripe's signature for <paramref name="payload"/>, made now.</summary>
    public static string Signature(string payload, string secret) => StripeSignature.Sign(payload, secret, DateTimeOffset.UtcNow);
}
