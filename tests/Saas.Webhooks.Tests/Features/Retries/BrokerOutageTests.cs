using System.Net.Http.Json;
using System.Text.Json;
using Saas.Testing;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Retries;

/// <summary>A real RabbitMQ node, stopped while events arrive.</summary>
public sealed class BrokerOutageTests(RabbitMqFixture broker) : IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task Receive_WhenTheBrokerIsDown_ShouldStoreAnswer200AndBeHandedOnOnceItIsBack()
    {
        Assert.NotNull(broker.Node); // an external broker cannot be stopped by the test
        await broker.Node.StopAsync();
        await using var app = new WebhooksApp()
            .WithRealBus(broker.ConnectionString)
            .With("Webhooks:PublishTimeout", "00:00:01");

        var response = await app.DeliverAsync(StripePayloads.Event(
            "evt_outage", "customer.subscription.updated", StripePayloads.Subscription("cus_outage"), app.Time.GetUtcNow()));

        Assert.True(response.IsSuccessStatusCode);
        var stored = await app.Log.FindAsync("evt_outage", CancellationToken.None);
        Assert.Equal(("received", null), (stored!.Status, stored.PublishedAt));
        Assert.Equal(0, await app.Sweeper.SweepOnceAsync(CancellationToken.None));
        // Degraded, not unready: Stripe's deliveries must keep reaching the intake.
        var health = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Degraded", health.GetProperty("status").GetString());

        await broker.Node.StartAgainAsync();
        await Eventually.ReturnsAsync<object>(
            async () => await app.Sweeper.SweepOnceAsync(CancellationToken.None) > 0 ? new object() : null, "the sweeper to hand the event on", 60);

        var processed = await Eventually.EventAsync(app, "evt_outage", e => e.Status == "processed", "processed");
        Assert.Equal("published", Assert.Single(processed.Attempts).Outcome);
    }
}
