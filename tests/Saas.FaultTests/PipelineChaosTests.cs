using System.Diagnostics;
using Xunit.Abstractions;

namespace Saas.FaultTests;

/// <summary>
/// Issue 13's chaos suite: signed Stripe events for many users streamed into webhooks → billing → identity while the
/// broker, then webhooks, then billing are SIGKILLed and restarted; afterwards every event is stored once and
/// processed, every user shows their newest event's status, and no side effect happened twice. Waits on observable
/// state only; the recovery time is printed, never asserted.
/// </summary>
public sealed class PipelineChaosTests(ITestOutputHelper output)
{
    private const int Users = 24;
    private const int StepsPerUser = 30; // 720 events
    private const double EventsPerSecond = 55; // the issue asks for at least 50
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Stream_WhenBrokerWebhooksAndBillingAreKilledMidStream_ShouldProcessEveryEventOnceAndEndInTheNewestStates()
    {
        await using var pipeline = await Pipeline.StartAsync(Users);
        var events = SubscriptionStream.Build("chaos", [.. pipeline.Users.Select(u => u.Id)], StepsPerUser, DateTimeOffset.UtcNow.AddHours(-1));
        var faults = new List<Task>();
        var restarts = new List<(string What, DateTime At)>();
        var chaos = new ChaosSchedule()
            .At(events.Count * 10 / 100, () => Begin(faults, "broker", async () =>
            {
                await pipeline.KillAndRestartBrokerAsync();
                Record(restarts, "broker", pipeline.BrokerStartedAt);
            }))
            .At(events.Count * 45 / 100, () => Begin(faults, "webhooks", async () =>
            {
                await Pipeline.KillAndRestartAsync(pipeline.Webhooks);
                Record(restarts, "webhooks", pipeline.Webhooks.StartedAt);
            }))
            .At(events.Count * 75 / 100, () => Begin(faults, "billing", async () =>
            {
                await Pipeline.KillAndRestartAsync(pipeline.Billing);
                Record(restarts, "billing", pipeline.Billing.StartedAt);
            }));

        var (sent, seconds, retries) = await StreamAsync(pipeline, events.Select(e => e.Payload).ToList(), chaos);
        await chaos.AllAsync();
        await Task.WhenAll(faults);
        output.WriteLine($"{sent} events sent in {seconds:0.0} s ({sent / seconds:0} events/s), {retries} redeliveries of unacknowledged ones");

        var settledAt = await WaitSettledAsync(pipeline, events);
        foreach (var (what, at) in restarts)
        {
            output.WriteLine($"{what} back at {at:HH:mm:ss.fff}: all settled {(settledAt - at).TotalSeconds:0.0} s later");
        }

        await AssertOnceEachAsync(pipeline, events);
    }

    [Fact]
    public async Task Stream_WhenEveryEventIsDeliveredThreeTimesAndSomeOutOfOrder_ShouldStoreAndApplyEachOnce()
    {
        await using var pipeline = await Pipeline.StartAsync(Users);
        var events = SubscriptionStream.Build("dup", [.. pipeline.Users.Select(u => u.Id)], StepsPerUser, DateTimeOffset.UtcNow.AddHours(-1));
        // 5 % of the events swap places with the next event of the same user (Stripe does not guarantee order).
        var order = events.Select(e => e.Payload).ToList();
        var random = new Random(13);
        var swapped = 0;
        for (var i = 0; i + Users < order.Count && swapped < events.Count * 5 / 100; i += 1 + random.Next(30))
        {
            (order[i], order[i + Users]) = (order[i + Users], order[i]);
            swapped++;
        }

        // Each delivery twice at once, and a third copy of every event after the stream.
        var doubled = order.SelectMany(p => new[] { p, p }).ToList();
        var (sent, seconds, _) = await StreamAsync(pipeline, doubled, new ChaosSchedule(), concurrent: 2);
        var (late, _, _) = await StreamAsync(pipeline, order, new ChaosSchedule());
        output.WriteLine($"{sent + late} deliveries of {events.Count} events ({swapped} out of order), {sent / seconds:0} deliveries/s");

        await WaitSettledAsync(pipeline, events);
        await AssertOnceEachAsync(pipeline, events);
        var counts = await pipeline.WebhookCountsAsync();
        output.WriteLine($"counts {counts}");
    }

    private Task Begin(List<Task> faults, string what, Func<Task> fault)
    {
        // Not awaited by the senders: the stream goes on, unacknowledged, while the component is down. Each kill
        // waits for the previous component to be back, so the three faults come one after the other.
        lock (faults)
        {
            var previous = faults.Count > 0 ? faults[^1] : Task.CompletedTask;
            faults.Add(Task.Run(async () =>
            {
                await previous;
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} kill -9 {what}");
                await fault();
            }));
        }

        return Task.CompletedTask;
    }

    private void Record(List<(string, DateTime)> restarts, string what, DateTime at)
    {
        output.WriteLine($"{at:HH:mm:ss.fff} {what} restarted");
        lock (restarts)
        {
            restarts.Add((what, at));
        }
    }

    /// <summary>Senders at <see cref="EventsPerSecond"/> overall, each retrying its delivery until acknowledged.</summary>
    private static async Task<(int Sent, double Seconds, int Retries)> StreamAsync(
        Pipeline pipeline, IReadOnlyList<string> payloads, ChaosSchedule chaos, int concurrent = 1)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        var retries = 0;
        var rate = EventsPerSecond * concurrent;
        // Stripe sends many deliveries at once; sixteen senders keep the pace while some wait on retries.
        await Task.WhenAll(Enumerable.Range(0, 16 * concurrent).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < payloads.Count; i = Interlocked.Increment(ref next))
            {
                await chaos.BeforeSendingAsync(i);
                if (TimeSpan.FromSeconds(i / rate) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                Interlocked.Add(ref retries, await pipeline.DeliverAsync(payloads[i]));
            }
        }));
        return (payloads.Count, clock.Elapsed.TotalSeconds, retries);
    }

    /// <summary>Until every event is processed and every user shows their newest event's status; returns when.</summary>
    private async Task<DateTime> WaitSettledAsync(Pipeline pipeline, List<StreamEvent> events)
    {
        var expected = events.GroupBy(e => e.User).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Step)!.Status);
        var deadline = DateTime.UtcNow + SettleTimeout;
        var pending = expected.Keys.ToHashSet();
        while (true)
        {
            string? counts = null;
            try
            {
                var c = await pipeline.WebhookCountsAsync();
                counts = c.ToString();
                if (c.GetProperty("processed").GetInt32() == events.Count && c.GetProperty("received").GetInt32() == 0)
                {
                    foreach (var user in pending.ToList())
                    {
                        if (await pipeline.StatusAsync(user) == expected[user])
                        {
                            pending.Remove(user);
                        }
                    }

                    if (pending.Count == 0)
                    {
                        return DateTime.UtcNow;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // A service still starting: look again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not settled after {SettleTimeout}: counts {counts}, {pending.Count} users not in their newest state{Environment.NewLine}{pipeline.Logs}");
            }

            await Task.Delay(250);
        }
    }

    private async Task AssertOnceEachAsync(Pipeline pipeline, List<StreamEvent> events)
    {
        var counts = await pipeline.WebhookCountsAsync();
        Assert.Equal((events.Count, 0, 0),
            (counts.GetProperty("processed").GetInt32(), counts.GetProperty("received").GetInt32(), counts.GetProperty("failed").GetInt32()));

        // Every subscription event reached billing's queue with one integration event id however often it was
        // published (a crash between publishing and recording republishes it): billing's inbox applies it once.
        var subscriptionEvents = events.Where(e => e.Status is not null).Select(e => e.Id).ToHashSet();
        await WaitUntilAsync(() => pipeline.Observer.Deliveries.Select(d => d.StripeEventId).Distinct().Count() >= subscriptionEvents.Count,
            "the observer to see every translated event");
        Assert.All(pipeline.Observer.Deliveries.GroupBy(d => d.StripeEventId), g => Assert.Single(g.Select(d => d.EventId).Distinct()));

        // Identity's side effects: one activity entry per status change billing told it of. An entry applied twice
        // would show as the same change twice in a row (statuses alternate, so that never happens otherwise).
        var applied = 0;
        for (var user = 0; user < pipeline.Users.Count; user++)
        {
            var changes = await pipeline.StatusChangesAsync(user);
            applied += changes.Count;
            var fromBilling = pipeline.Observer.BillingChanges.Where(c => c.UserId == pipeline.Users[user].Id).ToList();
            var told = fromBilling.Select(c => c.EventId).Distinct().Count();
            var repeated = changes.Zip(changes.Skip(1)).Count(pair => pair.First == pair.Second);
            Assert.True(repeated == 0,
                $"user {user}: identity applied the same change twice in a row; its changes {string.Join(" ", changes.Select(c => $"{c.From}>{c.To}"))}; " +
                $"billing told {string.Join(" ", fromBilling.Select(c => $"{c.Status}:{c.EventId.ToString()[..8]}"))}");
            Assert.InRange(changes.Count, 1, told);
        }

        output.WriteLine($"{pipeline.Observer.Deliveries.Count} Stripe integration deliveries for {subscriptionEvents.Count} subscription events; " +
                         $"{pipeline.Observer.BillingChanges.Select(c => c.EventId).Distinct().Count()} SubscriptionChanged from billing; {applied} status changes applied by identity");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
