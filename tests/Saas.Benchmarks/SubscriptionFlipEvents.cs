using System.Text.Json.Nodes;

namespace Saas.Benchmarks;

/// <summary>The events of <see cref="BillingBench"/>'s status flips: one subscription of one user, a second apart.</summary>
internal static class SubscriptionFlipEvents
{
    /// <summary>A <c>customer.subscription.created/updated</c> event of flip <paramref name="i"/>, in the shape Stripe sends (API 2026-10-28).</summary>
    public static string Build(string run, int i, long baseCreated, string userId, string status, string? previous)
    {
        var start = baseCreated - 86_400;
        var data = new JsonObject
        {
            ["object"] = new JsonObject
            {
                ["id"] = $"sub_bench{run}",
                ["object"] = "subscription",
                ["customer"] = $"cus_bench{run}",
                ["status"] = status,
                ["cancel_at_period_end"] = false,
                ["cancel_at"] = null,
                ["canceled_at"] = null,
                ["trial_end"] = null,
                ["created"] = start,
                ["start_date"] = start,
                ["livemode"] = false,
                ["metadata"] = new JsonObject { ["userId"] = userId },
                ["items"] = new JsonObject
                {
                    ["object"] = "list",
                    ["has_more"] = false,
                    ["url"] = $"/v1/subscription_items?subscription=sub_bench{run}",
                    ["data"] = new JsonArray(new JsonObject
                    {
                        ["id"] = $"si_bench{run}",
                        ["object"] = "subscription_item",
                        ["subscription"] = $"sub_bench{run}",
                        ["quantity"] = 1,
                        ["current_period_start"] = start,
                        ["current_period_end"] = start + 30 * 86_400,
                        ["price"] = new JsonObject { ["id"] = "price_pro_monthly", ["object"] = "price", ["product"] = "prod_pro", ["active"] = true },
                    }),
                },
            },
        };
        if (previous is not null)
        {
            data["previous_attributes"] = new JsonObject { ["status"] = previous };
        }

        return new JsonObject
        {
            ["id"] = $"evt_bench{run}{i:D5}",
            ["object"] = "event",
            ["api_version"] = "2026-10-28.endive",
            // One second apart, so every flip is newer than the one before it.
            ["created"] = baseCreated + i,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = i == 0 ? "customer.subscription.created" : "customer.subscription.updated",
            ["data"] = data,
        }.ToJsonString();
    }
}
