using Saas.StripeEmulator;

namespace Saas.FaultTests;

/// <summary>Subscription updates in the shape Stripe sends for API 2026-10-28.endive, signed with Stripe's scheme.</summary>
public static class SignedEvents
{
    public const string Secret = "whsec_fault_test";

    public static string Payload(int index, int customers, DateTimeOffset origin)
    {
        var created = origin.ToUnixTimeSeconds() + index;
        var periodEnd = created + 30 * 86400;
        var customer = $"cus_fault_{index % customers}";
        return $$"""
            {
              "id": "evt_fault_{{index:D5}}",
              "object": "event",
              "api_version": "2026-10-28.endive",
              "created": {{created}},
              "data": {
                "object": {
                  "id": "sub_fault_{{index % customers}}",
                  "object": "subscription",
                  "cancel_at_period_end": false,
                  "customer": "{{customer}}",
                  "items": {
                    "object": "list",
                    "data": [
                      {
                        "id": "si_fault_{{index % customers}}",
                        "object": "subscription_item",
                        "current_period_end": {{periodEnd}},
                        "current_period_start": {{created}},
                        "price": { "id": "price_pro", "object": "price", "product": "prod_pro" },
                        "quantity": 1
                      }
                    ]
                  },
                  "metadata": { "userId": "user_{{index % customers}}" },
                  "status": "active",
                  "trial_end": null
                },
                "previous_attributes": { "status": "trialing" }
              },
              "livemode": false,
              "pending_webhooks": 1,
              "request": { "id": null, "idempotency_key": null },
              "type": "customer.subscription.updated"
            }
            """;
    }

    public static string Sign(string payload, DateTimeOffset at) => StripeSignature.Sign(payload, Secret, at);
}
