using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Billing.Tests.Features.Subscriptions;

public sealed class OverrideTests
{
    [Fact]
    public async Task Override_WhenALaterWebhookArrives_ShouldStayInForceUntilClearedThenRestoreStripesState()
    {
        await using var app = new BillingApp();
        var user = TestEvents.NewUserId();
        var internalApi = app.CreateClient();
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_o", "sub_o", "past_due", TestEvents.T0, "created"));

        var put = await internalApi.PutAsJsonAsync($"/internal/billing/subscribers/{user}/override",
            new { subscriptionStatus = "active", planId = "pro", reason = "goodwill", setBy = "admin@example.com" });
        await app.DeliverAsync(TestEvents.Subscription(user, "cus_o", "sub_o", "unpaid", TestEvents.T0.AddDays(1)));
        var overridden = await SubscriptionStateTests.Subscription(app, user);
        var cleared = await internalApi.DeleteAsync($"/internal/billing/subscribers/{user}/override");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("active", overridden.GetProperty("status").GetString());
        Assert.Equal("unpaid", overridden.GetProperty("stripeStatus").GetString());
        Assert.True(overridden.GetProperty("active").GetBoolean());
        Assert.Equal("goodwill", overridden.GetProperty("override").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var restored = await SubscriptionStateTests.Subscription(app, user);
        Assert.Equal("unpaid", restored.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, restored.GetProperty("override").ValueKind);

        // past_due (Stripe) → active (override, and still active when the webhook moved the period) → unpaid (cleared).
        var changes = app.PublishedChanges(user);
        Assert.Equal(["past_due", "active", "unpaid"], changes.Select(c => c.Status).Distinct());
        Assert.Equal("unpaid", changes[^1].Status);
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.StripeEventCreated < p.Second.StripeEventCreated));
    }

    [Fact]
    public async Task Override_WhenTheStatusIsUnknownOrTheKeyIsWrong_ShouldRefuse()
    {
        await using var app = new BillingApp();
        var client = app.CreateClient();
        var route = $"/internal/billing/subscribers/{TestEvents.NewUserId()}/override";

        client.DefaultRequestHeaders.Remove("X-Internal-Api-Key");
        var withoutKey = await client.PutAsJsonAsync(route, new { subscriptionStatus = "active" });
        client.DefaultRequestHeaders.Add("X-Internal-Api-Key", BillingApp.InternalApiKey);
        var badStatus = await client.PutAsJsonAsync(route, new { subscriptionStatus = "gold" });

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal("subscriptionStatus", (await badStatus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }
}
