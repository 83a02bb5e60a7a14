using System.Net;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Saas.Contracts.Billing;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Identity.Tests.Features.Subscriptions;

public sealed class SubscriptionChangedTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task SubscriptionChanged_WhenDeliveredTwice_ShouldUpdateTheUserAndNotifyOnce()
    {
        var account = await client.RegisterAsync();
        var change = Change(account.UserId, "active", DateTimeOffset.UtcNow);

        await app.Harness.Bus.Publish(change);
        await app.Harness.Bus.Publish(change);
        await WaitForConsumedAsync(change.EventId, times: 2);

        var me = await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync();
        Assert.Equal("active", me.Str("subscriptionStatus"));
        Assert.Equal("cus_123", me.Str("stripeCustomerId"));
        Assert.Equal("sub_456", me.Str("stripeSubscriptionId"));
        var notifications = (await (await client.GetAsync("/api/notifications", account.Token)).JsonAsync()).GetProperty("notifications");
        Assert.Single(notifications.EnumerateArray(), n => n.Str("title") == "Subscription updated");
        Assert.True(await app.Services.GetRequiredService<MessageInbox>().HasProcessedAsync(change.EventId));
        Assert.False(await app.Harness.Published.Any<Fault<SubscriptionChanged>>());
    }

    [Fact]
    public async Task SubscriptionChanged_WhenAnOlderChangeArrivesLate_ShouldNotRegress()
    {
        var account = await client.RegisterAsync();
        var now = DateTimeOffset.UtcNow;
        var newer = Change(account.UserId, "canceled", now);
        var older = Change(account.UserId, "active", now.AddMinutes(-5));

        await app.Harness.Bus.Publish(newer);
        await WaitForConsumedAsync(newer.EventId, times: 1);
        await app.Harness.Bus.Publish(older);
        await WaitForConsumedAsync(older.EventId, times: 1);

        var me = await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync();
        Assert.Equal("cancelled", me.Str("subscriptionStatus"));
    }

    [Fact]
    public async Task SubscriptionChanged_WhenTheUserDoesNotExist_ShouldBeConsumedWithoutFault()
    {
        var change = Change("000000000000000000000000", "active", DateTimeOffset.UtcNow);

        await app.Harness.Bus.Publish(change);
        await WaitForConsumedAsync(change.EventId, times: 1);

        Assert.False(await app.Harness.Published.Any<Fault<SubscriptionChanged>>(f => f.Context.Message.Message.EventId == change.EventId));
    }

    [Fact]
    public async Task SubscriptionChanged_WhenChangesArriveTogetherWithinOneMillisecond_ShouldListThemInTheOrderApplied()
    {
        // The store keeps times to the millisecond (as MongoDB does); a frozen clock puts every change in one. The
        // activity log must still read as one history: each entry starts where the one before it ended.
        await using var clocked = new IdentityApp().WithClock();
        var http = clocked.CreateClient();
        var account = await http.RegisterAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var changes = Enumerable.Range(0, 16)
            .Select(i => Change(account.UserId, i % 2 == 0 ? "active" : "past_due", start.AddSeconds(i))).ToList();

        await Task.WhenAll(changes.Select(c => clocked.Harness.Bus.Publish(c)));
        foreach (var change in changes)
        {
            await WaitForConsumedAsync(clocked, change.EventId, times: 1);
        }

        var logs = (await (await http.GetAsync("/api/activity-log?limit=100", account.Token)).JsonAsync()).GetProperty("logs");
        var history = logs.EnumerateArray().Where(l => l.Str("action") == "subscription_updated")
            .Select(l => (From: l.GetProperty("details").Str("from"), To: l.GetProperty("details").Str("to"), At: l.GetProperty("createdAt").GetDateTimeOffset()))
            .Reverse().ToList();
        Assert.NotEmpty(history);
        Assert.All(history.Zip(history.Skip(1)), pair =>
        {
            Assert.Equal(pair.First.To, pair.Second.From);
            Assert.True(pair.First.At < pair.Second.At, $"two changes listed at one time ({pair.First.At:O}): their order is left to chance");
        });
        var me = await (await http.GetAsync("/api/auth/me", account.Token)).JsonAsync();
        Assert.Equal("past_due", me.Str("subscriptionStatus"));
        Assert.Equal("past_due", history[^1].To);
    }

    private static SubscriptionChanged Change(string userId, string status, DateTimeOffset stripeCreated) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = DateTimeOffset.UtcNow,
        UserId = userId,
        CustomerId = "cus_123",
        SubscriptionId = "sub_456",
        Status = status,
        PlanId = "pro",
        CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(30),
        StripeEventCreated = stripeCreated,
    };

    private Task WaitForConsumedAsync(Guid eventId, int times) => WaitForConsumedAsync(app, eventId, times);

    private static async Task WaitForConsumedAsync(IdentityApp app, Guid eventId, int times)
    {
        // Consumed is recorded as the consumer starts; the processed-event record is written as it finishes.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (app.Harness.Consumed.Select<SubscriptionChanged>().Count(m => m.Context.Message.EventId == eventId) < times ||
               !await app.Services.GetRequiredService<MessageInbox>().HasProcessedAsync(eventId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the event was not consumed in time");
            await Task.Delay(25);
        }
    }
}
