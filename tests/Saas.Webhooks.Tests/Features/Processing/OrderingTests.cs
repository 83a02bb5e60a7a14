using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Processing;

public sealed class OrderingTests
{
    [Fact]
    public async Task Process_WhenTwoEventsOfOneCustomerArriveNewestFirst_ShouldProcessTheOldestFirst()
    {
        await using var app = new WebhooksApp();
        var leases = app.Services.GetRequiredService<CustomerLeases>();
        // Another consumer is busy with this customer while both events arrive.
        Assert.True(await leases.TryAcquireAsync("customer:cus_order", "someone-else", TimeSpan.FromHours(1), CancellationToken.None));
        await app.SubscriptionUpdateAsync("evt_newer", "cus_order", ageSeconds: 10, status: "active");
        await app.SubscriptionUpdateAsync("evt_older", "cus_order", ageSeconds: 20, status: "trialing");
        await Eventually.EventAsync(app, "evt_older", e => e.PublishedAt is not null, "handed on");

        await leases.ReleaseAsync("customer:cus_order", "someone-else", CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(3));
        await app.Sweeper.SweepOnceAsync(CancellationToken.None);

        await app.ProcessedAsync("evt_newer");
        await app.ProcessedAsync("evt_older");
        var order = app.Harness.Published.Select<StripeSubscriptionChanged>().Select(m => m.Context.Message.StripeEventId);
        Assert.Equal(["evt_older", "evt_newer"], order);
    }

    [Fact]
    public async Task Process_WhenEventsOfDifferentCustomersArrive_ShouldProcessEachOnce()
    {
        await using var app = new WebhooksApp();

        for (var i = 0; i < 6; i++)
        {
            await app.SubscriptionUpdateAsync($"evt_many_{i}", $"cus_many_{i % 3}", ageSeconds: 60 - i);
        }

        for (var i = 0; i < 6; i++)
        {
            await app.ProcessedAsync($"evt_many_{i}");
        }

        var published = app.Harness.Published.Select<StripeSubscriptionChanged>().Select(m => m.Context.Message.StripeEventId).ToList();
        Assert.Equal(6, published.Count);
        Assert.Equal(6, published.Distinct().Count());
    }
}
