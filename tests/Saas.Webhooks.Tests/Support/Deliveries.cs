using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Tests.Support;

public static class Deliveries
{
    /// <summary>Delivers a subscription update for <paramref name="customer"/> created <paramref name="ageSeconds"/> ago.</summary>
    public static async Task<string> SubscriptionUpdateAsync(
        this WebhooksApp app, string eventId, string customer, int ageSeconds = 60, string status = "active")
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(app.Time.GetUtcNow().ToUnixTimeSeconds() - ageSeconds);
        var payload = StripePayloads.Event(eventId, "customer.subscription.updated", StripePayloads.Subscription(customer, status), created);
        (await app.DeliverAsync(payload)).EnsureSuccessStatusCode();
        return payload;
    }

    public static Task<StripeEventDocument> ProcessedAsync(this WebhooksApp app, string eventId) =>
        Eventually.EventAsync(app, eventId, e => e.Status == EventStatus.Processed, "processed");
}
