using System.Collections.Concurrent;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Saas.Contracts.Webhooks;
using Saas.Testing;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Processing;

/// <summary>
/// The live lane on a real RabbitMQ node with several consumers at once: customers in parallel, each customer's
/// events in order at the consumer; and a replay that keeps its lane busy without holding the live lane up.
/// </summary>
public sealed class LaneConcurrencyTests(RabbitMqFixture broker) : IClassFixture<RabbitMqFixture>
{
    private const int Customers = 16;
    private const int EventsPerCustomer = 6;

    [Fact]
    public async Task Process_WhenManyCustomersDeliverInterleaved_ShouldKeepEachCustomersOrderAtTheConsumer()
    {
        await using var app = new WebhooksApp().WithRealBus(broker.ConnectionString).With("Webhooks:ConcurrentMessageLimit", "8");
        var seen = await RecordAtAConsumerAsync(app, "lane-order-recorder");
        var leases = app.Services.GetRequiredService<CustomerLeases>();
        // One customer is held by another consumer throughout: the others must not wait for it.
        Assert.True(await leases.TryAcquireAsync("customer:cus_lane_held", "someone-else", TimeSpan.FromHours(1), CancellationToken.None));
        await app.SubscriptionUpdateAsync("evt_lane_held", "cus_lane_held", ageSeconds: 200);

        // Every customer delivers its events oldest first, one after another; the customers all at once.
        await Task.WhenAll(Enumerable.Range(0, Customers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < EventsPerCustomer; i++)
            {
                await app.SubscriptionUpdateAsync($"evt_lane_{c}_{i}", $"cus_lane_{c}", ageSeconds: 100 - i, status: i % 2 == 0 ? "active" : "past_due");
            }
        })));

        await Eventually.ReturnsAsync(() => Task.FromResult(seen.Count >= Customers * EventsPerCustomer ? seen : null), "every event at the consumer", 60);
        var byCustomer = seen.ToArray().GroupBy(m => m.CustomerId!).ToDictionary(g => g.Key, g => g.Select(m => m.StripeEventId).ToList());
        for (var c = 0; c < Customers; c++)
        {
            Assert.Equal(Enumerable.Range(0, EventsPerCustomer).Select(i => $"evt_lane_{c}_{i}"), byCustomer[$"cus_lane_{c}"]);
        }

        Assert.False(byCustomer.ContainsKey("cus_lane_held"));
        Assert.Equal(EventStatus.Received, (await app.Log.FindAsync("evt_lane_held", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Process_WhenAReplayKeepsItsLaneBusy_ShouldStillProcessLiveEvents()
    {
        const int replayed = 20;
        const int live = 12;
        await using var app = new WebhooksApp().WithRealBus(broker.ConnectionString)
            .With("Webhooks:ReplayConcurrentMessageLimit", "1")
            // A held replay must not time out into a retry while the test looks at the live lane.
            .With("Webhooks:PublishTimeout", "00:02:00")
            .With("Webhooks:CustomerLeaseDuration", "00:05:00");
        for (var i = 0; i < replayed; i++)
        {
            await app.SubscriptionUpdateAsync($"evt_old_{i}", $"cus_old_{i}", ageSeconds: 1_000 + i);
        }

        for (var i = 0; i < replayed; i++)
        {
            await app.ProcessedAsync($"evt_old_{i}");
        }

        // The replay lane's one consumer gets stuck on its first event; the rest of the replay queues behind it.
        app.Failure.HeldReplays = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var replay = await app.CreateClient().PostAsJsonAsync("/internal/webhooks/replays", new
        {
            customer = (string?)null,
            status = "processed",
            reason = "lane test",
            requestedBy = "test",
        });
        replay.EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(() => Task.FromResult(app.Failure.ReplaysStarted > 0 ? new object() : null), "the replay to start");

        for (var i = 0; i < live; i++)
        {
            await app.SubscriptionUpdateAsync($"evt_live_{i}", $"cus_live_{i}", ageSeconds: 10);
        }

        for (var i = 0; i < live; i++)
        {
            await app.ProcessedAsync($"evt_live_{i}");
        }

        // Every live event went through while the replay had not got past its first event.
        Assert.Equal(1, app.Failure.ReplaysStarted);
        var pending = await app.Log.FindAsync(e => e.PendingReplayId != null, null, CancellationToken.None);
        Assert.Equal(replayed, pending.Count);

        app.Failure.HeldReplays.SetResult();
        for (var i = 0; i < replayed; i++)
        {
            await Eventually.EventAsync(app, $"evt_old_{i}", e => e.Status == EventStatus.Processed && e.Replays.Count == 1, "replayed");
        }
    }

    /// <summary>A consumer of its own on the bus, one message at a time, recording what it consumed in that order.</summary>
    private static async Task<ConcurrentQueue<StripeSubscriptionChanged>> RecordAtAConsumerAsync(WebhooksApp app, string queue)
    {
        var seen = new ConcurrentQueue<StripeSubscriptionChanged>();
        var bus = app.Services.GetRequiredService<IBus>();
        var handle = bus.ConnectReceiveEndpoint(queue, e =>
        {
            e.ConcurrentMessageLimit = 1;
            e.Handler<StripeSubscriptionChanged>(context =>
            {
                seen.Enqueue(context.Message);
                return Task.CompletedTask;
            });
        });
        await handle.Ready;
        return seen;
    }
}
