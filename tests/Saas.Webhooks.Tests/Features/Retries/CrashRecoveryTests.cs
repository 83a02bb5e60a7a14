using Microsoft.Extensions.DependencyInjection;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Retries;

/// <summary>
/// A holder that never lets go of a customer's lease (a process killed while holding a stored lease, a consumer stuck
/// in memory) delays that customer by seconds, not minutes; both lease scopes.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Theory]
    [InlineData(CustomerLeaseScope.Process)]
    [InlineData(CustomerLeaseScope.Store)]
    public async Task Sweep_WhenTheLeaseHolderDiedAndItsLeaseExpired_ShouldHandTheEventOnAgainWithinSeconds(CustomerLeaseScope scope)
    {
        await using var app = new WebhooksApp().With("Webhooks:CustomerLeaseScope", scope.ToString());
        var leases = app.Services.GetRequiredService<CustomerLeases>();
        // A process that took the lease with the default duration, then was killed: it never releases it.
        Assert.True(await leases.TryAcquireAsync("customer:cus_dead", "killed-process", new WebhooksOptions().CustomerLeaseDuration, CancellationToken.None));
        await app.SubscriptionUpdateAsync("evt_after_crash", "cus_dead", ageSeconds: 5);
        // Its message found the lease taken and was acknowledged: nothing will wake this customer but the sweeper.
        await Eventually.EventAsync(app, "evt_after_crash", e => e.PublishedAt is not null, "handed on");

        app.Time.Advance(new WebhooksOptions().CustomerLeaseDuration + TimeSpan.FromSeconds(1));
        await app.Sweeper.SweepOnceAsync(CancellationToken.None);

        var processed = await app.ProcessedAsync("evt_after_crash");
        Assert.Equal(EventStatus.Processed, processed.Status);
    }

    [Theory]
    [InlineData(CustomerLeaseScope.Process)]
    [InlineData(CustomerLeaseScope.Store)]
    public async Task Sweep_WhenALiveConsumerHoldsTheCustomer_ShouldNotHandItsEventsOnAgain(CustomerLeaseScope scope)
    {
        await using var app = new WebhooksApp().With("Webhooks:CustomerLeaseScope", scope.ToString());
        var leases = app.Services.GetRequiredService<CustomerLeases>();
        Assert.True(await leases.TryAcquireAsync("customer:cus_busy", "live-consumer", TimeSpan.FromHours(1), CancellationToken.None));
        await app.SubscriptionUpdateAsync("evt_busy_1", "cus_busy", ageSeconds: 5);
        await app.SubscriptionUpdateAsync("evt_busy_2", "cus_busy", ageSeconds: 4);
        await Eventually.EventAsync(app, "evt_busy_2", e => e.PublishedAt is not null, "handed on");

        app.Time.Advance(new WebhooksOptions().RedispatchAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(0, await app.Sweeper.SweepOnceAsync(CancellationToken.None));
        await leases.ReleaseAsync("customer:cus_busy", "live-consumer", CancellationToken.None);
        // Once the holder is gone, one message per customer is enough: its drain processes both, oldest first.
        Assert.Equal(1, await app.Sweeper.SweepOnceAsync(CancellationToken.None));
        await app.ProcessedAsync("evt_busy_1");
        await app.ProcessedAsync("evt_busy_2");
    }
}
