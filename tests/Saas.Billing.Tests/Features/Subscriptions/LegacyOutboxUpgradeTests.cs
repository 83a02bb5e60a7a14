using System.Collections.Concurrent;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Saas.Billing.Features.Subscriptions;
using Saas.Billing.Storage;
using Saas.Contracts.Billing;
using Saas.Testing;

namespace Saas.Billing.Tests.Features.Subscriptions;

/// <summary>
/// A store written before the shared pending events replaced the customer document's own <c>outbox</c> field: a change
/// still waiting there when billing is upgraded must still reach identity, once, under the id it was stored with.
/// Real SQLite file, real RabbitMQ, a consumer on the broker as identity would be.
/// </summary>
public sealed class LegacyOutboxUpgradeTests(RabbitMqFixture broker) : IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task Start_WhenACustomerStillHoldsAChangeInTheOldOutbox_ShouldPublishItOnceWithItsOriginalIdAndClearTheOldField()
    {
        await using var identity = await SubscriptionChangedListener.StartAsync(broker.ConnectionString);
        var user = TestEvents.NewUserId();
        var original = Guid.NewGuid();
        BillingCustomer carriedOver;
        BillingApp restarted;
        await using (var app = new BillingApp()
            .WithRealBus(broker.ConnectionString)
            .WithStoredDocument("customers", $"user:{user}", 3, OldShape(user, original)))
        {
            _ = app.Services; // starts billing: the upgrade runs, then the relay's first sweep
            var delivered = await identity.NextAsync(m => m.EventId == original);
            Assert.Equal(("active", "pro", "cus_legacy", "sub_legacy", user),
                (delivered.Status, delivered.PlanId, delivered.CustomerId, delivered.SubscriptionId, delivered.UserId));
            Assert.Equal(DateTimeOffset.Parse("2026-11-30T10:00:00.000Z"), delivered.StripeEventCreated);

            var customers = app.Services.GetRequiredService<BillingStore>().Customers;
            carriedOver = await Eventually.ReturnsAsync(async () =>
                await customers.GetAsync($"user:{user}") is { HasPendingEvents: false } c ? c : null, "the relay to remove the published event");
            restarted = BillingApp.OnDataOf(app).WithRealBus(broker.ConnectionString);
        }

        Assert.Null(carriedOver.Outbox);
        Assert.False(carriedOver.HasPendingChanges);
        Assert.Equal("cus_legacy", carriedOver.StripeCustomerId); // the rest of the document is untouched

        // A restart must not carry it over again. Its proof is a later change of the same user: published after the
        // start, it reaches the listener after anything the start published (one queue, taken one at a time).
        await using (restarted)
        {
            var put = await restarted.CreateClient().PutAsJsonAsync($"/internal/billing/subscribers/{user}/override",
                new { subscriptionStatus = "past_due", reason = "marker", setBy = "test" });
            put.EnsureSuccessStatusCode();
            await identity.NextAsync(m => m.UserId == user && m.Status == "past_due");
        }

        Assert.Equal(1, identity.Received.Count(m => m.EventId == original));
    }

    /// <summary>A customer document as billing wrote it before the shared pending events: one change in <c>outbox</c>.</summary>
    private static string OldShape(string user, Guid eventId) => $$"""
        {
          "id": "user:{{user}}", "version": 3, "subscriberKind": "user", "subscriberId": "{{user}}",
          "stripeCustomerId": "cus_legacy", "email": "legacy@example.com", "trialClaimed": true,
          "stripe": { "subscriptionId": "sub_legacy", "status": "active", "priceId": "price_pro_monthly", "planId": "pro",
                      "currentPeriodEnd": "2026-12-30T10:00:00.000Z", "cancelAtPeriodEnd": false,
                      "appliedAt": "2026-11-30T10:00:00.000Z", "appliedRank": 0, "appliedFrom": "evt_legacy" },
          "endedSubscriptions": [], "usageEpoch": 0, "lastPublishedAt": "2026-11-30T10:00:00.000Z",
          "outbox": [ { "eventId": "{{eventId}}", "occurredAt": "2026-11-30T10:00:01.000Z", "orderedAt": "2026-11-30T10:00:00.000Z",
                        "status": "active", "planId": "pro", "customerId": "cus_legacy", "subscriptionId": "sub_legacy",
                        "currentPeriodEnd": "2026-12-30T10:00:00.000Z", "cancelAtPeriodEnd": false, "isReplay": false } ],
          "hasPendingChanges": true, "transitions": [],
          "createdAt": "2026-11-01T10:00:00.000Z", "updatedAt": "2026-11-30T10:00:01.000Z"
        }
        """;

    /// <summary>Identity's side of the broker: every <c>SubscriptionChanged</c> received, repeats included, in order.</summary>
    private sealed class SubscriptionChangedListener : IAsyncDisposable
    {
        private readonly IBusControl bus;
        private readonly ConcurrentQueue<SubscriptionChanged> received = new();

        private SubscriptionChangedListener(string connectionString) =>
            bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(new Uri(connectionString));
                cfg.ReceiveEndpoint($"legacy-outbox-listener-{Guid.NewGuid():N}", e =>
                {
                    (e.PrefetchCount, e.ConcurrentMessageLimit) = (1, 1);
                    e.Handler<SubscriptionChanged>(context =>
                    {
                        received.Enqueue(context.Message);
                        return Task.CompletedTask;
                    });
                });
            });

        public IReadOnlyCollection<SubscriptionChanged> Received => received;

        public static async Task<SubscriptionChangedListener> StartAsync(string connectionString)
        {
            var listener = new SubscriptionChangedListener(connectionString);
            await listener.bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            return listener;
        }

        public Task<SubscriptionChanged> NextAsync(Func<SubscriptionChanged, bool> match) =>
            Eventually.ReturnsAsync(() => Task.FromResult(received.FirstOrDefault(match)), "a SubscriptionChanged the test waits for");

        public async ValueTask DisposeAsync() => await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
    }
}
