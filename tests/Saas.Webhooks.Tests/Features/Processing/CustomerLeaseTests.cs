using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Processing;

/// <summary>
/// A customer's events that arrive while a consumer is processing that customer: their messages are turned away, and
/// the holder processes them itself once it is done, in order, without waiting for the sweeper. Both lease scopes:
/// in memory (the embedded store's default; the turned-away consumer leaves a knock) and in the store (MongoDB's
/// default; the holder always looks again).
/// </summary>
public sealed class CustomerLeaseTests
{
    [Theory]
    [InlineData(CustomerLeaseScope.Process)]
    [InlineData(CustomerLeaseScope.Store)]
    public async Task Process_WhenEventsArriveWhileTheirCustomerIsBeingProcessed_ShouldProcessThemAfterwardsInOrderWithoutTheSweeper(CustomerLeaseScope scope)
    {
        await using var app = new WebhooksApp()
            .With("Webhooks:CustomerLeaseScope", scope.ToString())
            // The held publish must not time out into a retry while the test delivers the rest.
            .With("Webhooks:PublishTimeout", "00:02:00")
            .With("Webhooks:CustomerLeaseDuration", "00:05:00")
            .With("Webhooks:SweepInterval", "01:00:00");
        app.Failure.HeldLive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Counted by a consume observer: the harness's Consumed list waits out its 30-s timeout while a consumer is busy,
        // and the held one stays busy until the end of the test.
        var finished = ConsumedMessages<ProcessStripeEvent>.On(app.Services.GetRequiredService<IBus>());
        await app.SubscriptionUpdateAsync("evt_knock_1", "cus_knock", ageSeconds: 30, status: "trialing");
        await Eventually.ReturnsAsync(() => Task.FromResult(app.Failure.LiveStarted > 0 ? new object() : null), "the first event to be held");

        await app.SubscriptionUpdateAsync("evt_knock_2", "cus_knock", ageSeconds: 20, status: "active");
        await app.SubscriptionUpdateAsync("evt_knock_3", "cus_knock", ageSeconds: 10, status: "past_due");
        // Both messages were consumed and acknowledged while the first one's consumer held the customer (it is still in it).
        await Eventually.ReturnsAsync(() => Task.FromResult(finished.Count >= 2 ? new object() : null), "the turned-away messages");
        Assert.Equal(EventStatus.Received, (await app.Log.FindAsync("evt_knock_2", CancellationToken.None))!.Status);

        app.Failure.HeldLive.SetResult();

        await app.ProcessedAsync("evt_knock_3");
        var order = app.Harness.Published.Select<StripeSubscriptionChanged>().Select(m => m.Context.Message.StripeEventId);
        Assert.Equal(["evt_knock_1", "evt_knock_2", "evt_knock_3"], order);
    }
}
