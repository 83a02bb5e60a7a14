using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using Saas.Testing;
using Saas.Webhooks.Features.EventLog;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Features.Retries;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Retries;

/// <summary>
/// A lane behind by more than <see cref="WebhooksOptions.RedispatchAfter"/> is not mistaken for lost messages: the
/// sweeper re-sends nothing while the events' messages wait in RabbitMQ, and still re-sends a lost one once the lane
/// has caught up. Real RabbitMQ node.
/// </summary>
public sealed class LaneBacklogTests(RabbitMqFixture broker) : IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task WaitingAsync_ShouldCountTheMessagesReadyInTheLanesQueue()
    {
        var (backlog, queues) = Backlog(broker.ConnectionString);
        await using var _ = queues;
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // The node is shared by this class's tests: start from no queue, and leave none behind.
        await channel.QueueDeleteAsync(ProcessingQueues.Replay);
        Assert.Equal(0u, await backlog.WaitingAsync(ProcessingLane.Replay, CancellationToken.None));

        await channel.QueueDeclareAsync(ProcessingQueues.Replay, durable: true, exclusive: false, autoDelete: false);
        for (var i = 0; i < 3; i++)
        {
            await channel.BasicPublishAsync("", ProcessingQueues.Replay, "{}"u8.ToArray());
        }

        // Published without confirms: counted once the broker has routed them.
        await Eventually.ReturnsAsync(async () => await backlog.WaitingAsync(ProcessingLane.Replay, CancellationToken.None) == 3 ? new object() : null,
            "three messages counted");
        await channel.QueueDeleteAsync(ProcessingQueues.Replay);
        var (unreachable, unreachableQueues) = Backlog($"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/");
        await using var __ = unreachableQueues;
        Assert.Null(await unreachable.WaitingAsync(ProcessingLane.Live, CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_WhenALaneIsBehindLongerThanRedispatchAfter_ShouldNotResendItsWaitingEvents()
    {
        const int replayed = 6;
        await using var app = new WebhooksApp().WithRealBus(broker.ConnectionString)
            .With("Webhooks:ReplayConcurrentMessageLimit", "1")
            .With("Messaging:PrefetchCount", "1") // the waiting messages stay in the queue, not in a prefetch buffer
            .With("Webhooks:PublishTimeout", "00:02:00")
            .With("Webhooks:CustomerLeaseDuration", "00:05:00")
            .With("Webhooks:SweepInterval", "01:00:00"); // only the sweeps this test runs
        for (var i = 0; i < replayed; i++)
        {
            await app.SubscriptionUpdateAsync($"evt_behind_{i}", $"cus_behind_{i}", ageSeconds: 500 + i);
            await app.ProcessedAsync($"evt_behind_{i}");
        }

        // The replay lane's one consumer is stuck on its first event; the other replays wait in RabbitMQ.
        app.Failure.HeldReplays = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (await app.CreateClient().PostAsJsonAsync("/internal/webhooks/replays", new
        {
            status = "processed", reason = "backlog test", requestedBy = "test",
        })).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(() => Task.FromResult(app.Failure.ReplaysStarted > 0 ? new object() : null), "the replay to start");
        var backlog = app.Services.GetRequiredService<LaneBacklog>();
        // All but the one the consumer holds wait in the queue.
        await Eventually.ReturnsAsync(async () => await backlog.WaitingAsync(ProcessingLane.Replay, CancellationToken.None) == replayed - 1 ? new object() : null,
            "the other replays waiting in the queue");

        app.Time.Advance(new WebhooksOptions().RedispatchAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(0, await app.Sweeper.SweepOnceAsync(CancellationToken.None));
        Assert.Equal((uint)replayed - 1, await backlog.WaitingAsync(ProcessingLane.Replay, CancellationToken.None)); // no copies behind them

        app.Failure.HeldReplays.SetResult();
        for (var i = 0; i < replayed; i++)
        {
            await Eventually.EventAsync(app, $"evt_behind_{i}", e => e.Status == EventStatus.Processed && e.Replays.Count == 1, "replayed");
        }
    }

    [Fact]
    public async Task Sweep_WhenTheLaneHasCaughtUp_ShouldStillResendAnEventWhoseMessageWasTurnedAway()
    {
        await using var app = new WebhooksApp().WithRealBus(broker.ConnectionString).With("Webhooks:SweepInterval", "01:00:00");
        var leases = app.Services.GetRequiredService<CustomerLeases>();
        // Taken by a process that was then killed: the event's message finds it held and is acknowledged.
        Assert.True(await leases.TryAcquireAsync("customer:cus_turned_away", "killed-process", new WebhooksOptions().CustomerLeaseDuration, CancellationToken.None));
        var consumed = ConsumedMessages<ProcessStripeEvent>.On(app.Services.GetRequiredService<IBus>());
        await app.SubscriptionUpdateAsync("evt_turned_away", "cus_turned_away", ageSeconds: 5);
        await Eventually.EventAsync(app, "evt_turned_away", e => e.PublishedAt is not null, "handed on");
        // Turned away and acknowledged: only then is the lease's expiry ours to move (a consumer still at work would
        // take the expired lease itself and process the event, leaving the sweep nothing to do).
        await Eventually.ReturnsAsync(() => Task.FromResult(consumed.Count > 0 ? new object() : null), "the message to be turned away");
        var backlog = app.Services.GetRequiredService<LaneBacklog>();
        Assert.Equal(0u, await backlog.WaitingAsync(ProcessingLane.Live, CancellationToken.None));

        app.Time.Advance(new WebhooksOptions().CustomerLeaseDuration + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await app.Sweeper.SweepOnceAsync(CancellationToken.None));
        Assert.Equal(EventStatus.Processed, (await app.ProcessedAsync("evt_turned_away")).Status);
    }

    private static (LaneBacklog Backlog, BrokerQueues Queues) Backlog(string connectionString)
    {
        var queues = new BrokerQueues(Options.Create(new MessagingOptions { ConnectionString = connectionString }), NullLogger<BrokerQueues>.Instance);
        return (new LaneBacklog(new ServiceCollection().AddSingleton(queues).BuildServiceProvider()), queues);
    }
}
