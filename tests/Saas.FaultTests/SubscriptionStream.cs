using System.Text.Json.Nodes;

namespace Saas.FaultTests;

/// <summary>
/// Each user's events, in the shapes Stripe sends (API 2026-10-28.endive): a completed checkout, then subscription
/// updates alternating between <c>active</c> and <c>past_due</c>, two seconds apart in Stripe's <c>created</c>.
/// Interleaved across users, as a busy account's stream is.
/// </summary>
public sealed record StreamEvent(int User, int Step, string Id, string Payload, string? Status);

public static class SubscriptionStream
{
    public static List<StreamEvent> Build(string run, IReadOnlyList<string> userIds, int stepsPerUser, DateTimeOffset origin)
    {
        var events = new List<StreamEvent>();
        for (var step = 0; step < stepsPerUser; step++)
        {
            for (var user = 0; user < userIds.Count; user++)
            {
                var id = $"evt_{run}_{user:D2}_{step:D3}";
                var created = origin.ToUnixTimeSeconds() + step * 2;
                var customer = $"cus_{run}_{user:D2}";
                if (step == 0)
                {
                    events.Add(new(user, step, id, Checkout(id, created, customer, userIds[user]), null));
                    continue;
                }

                var status = Status(user, step);
                events.Add(new(user, step, id, Subscription(id, created, customer, $"sub_{run}_{user:D2}", userIds[user], status,
                    step == 1 ? null : Status(user, step - 1)), status));
            }
        }

        return events;
    }

    /// <summary>The status a user ends with: their newest event's.</summary>
    public static string Status(int user, int step) => (user + step) % 2 == 0 ? "active" : "past_due";

    private static string Checkout(string id, long created, string customer, string userId) => Envelope(id, created, "checkout.session.completed", new JsonObject
    {
        ["object"] = new JsonObject
        {
            ["id"] = $"cs_{id}",
            ["object"] = "checkout.session",
            ["client_reference_id"] = userId,
            ["customer"] = customer,
            ["customer_email"] = $"{userId}@example.com",
            ["mode"] = "subscription",
            // The subscription arrives with its own events below; with an id here billing would read it from Stripe's
            // API, which these machines cannot reach.
            ["subscription"] = null,
            ["payment_status"] = "paid",
            ["status"] = "complete",
            ["metadata"] = new JsonObject(),
            ["livemode"] = false,
        },
    });

    private static string Subscription(string id, long created, string customer, string subscription, string userId, string status, string? previous)
    {
        var data = new JsonObject
        {
            ["object"] = new JsonObject
            {
                ["id"] = subscription,
                ["object"] = "subscription",
                ["customer"] = customer,
                ["status"] = status,
                ["cancel_at_period_end"] = false,
                ["cancel_at"] = null,
                ["canceled_at"] = null,
                ["trial_end"] = null,
                ["created"] = created - 86_400,
                ["livemode"] = false,
                ["metadata"] = new JsonObject { ["userId"] = userId },
                ["items"] = new JsonObject
                {
                    ["object"] = "list",
                    ["has_more"] = false,
                    ["data"] = new JsonArray(new JsonObject
                    {
                        ["id"] = $"si_{subscription}",
                        ["object"] = "subscription_item",
                        ["subscription"] = subscription,
                        ["quantity"] = 1,
                        ["current_period_start"] = created - 86_400,
                        ["current_period_end"] = created + 29 * 86_400,
                        ["price"] = new JsonObject { ["id"] = "price_pro_monthly", ["object"] = "price", ["product"] = "prod_pro", ["active"] = true },
                    }),
                },
            },
        };
        if (previous is not null)
        {
            data["previous_attributes"] = new JsonObject { ["status"] = previous };
        }

        return Envelope(id, created, previous is null ? "customer.subscription.created" : "customer.subscription.updated", data);
    }

    private static string Envelope(string id, long created, string type, JsonObject data) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = "2026-10-28.endive",
        ["created"] = created,
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
        ["data"] = data,
    }.ToJsonString();
}
