using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saas.Testing;
using Xunit.Abstractions;

namespace Saas.FaultTests;

public sealed class WebhookFaultTests(ITestOutputHelper output)
{
    private const int Customers = 50;

    /// <summary>2,000 by default (the figure); <c>SAAS_FAULT_EVENTS</c> changes it.</summary>
    private static int EventCount =>
        int.TryParse(Environment.GetEnvironmentVariable("SAAS_FAULT_EVENTS"), out var n) && n > 0 ? n : 2000;

    [Fact]
    public async Task Deliveries_WhenTheBrokerStopsTwiceAndTheServiceIsKilledOnce_ShouldEachBeProcessedAndPublishedOnce()
    {
        var count = EventCount;
        await using var broker = new RabbitMqFixture();
        await broker.InitializeAsync();
        Assert.NotNull(broker.Node); // faults need a node the test can stop
        using var data = new TempDirectory("saas-fault-webhooks");
        await using var observer = await IntegrationEventObserver.StartAsync(broker.ConnectionString);
        await using var webhooks = new ServiceProcess(data.Path, Settings(broker.ConnectionString));
        await webhooks.StartAsync();

        Task? restart = null;
        var chaos = new ChaosSchedule()
            .At(count * 15 / 100, () => Step("broker stopped", broker.Node.StopAsync))
            .At(count * 30 / 100, () => Step("broker started", () => broker.Node.StartAgainAsync()))
            .At(count * 45 / 100, () => Step("webhooks killed", async () =>
            {
                await webhooks.KillAsync();
                // Restarted a little later: deliveries meanwhile fail and are retried, as Stripe retries them.
                restart = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => webhooks.StartAsync()).Unwrap();
            }))
            .At(count * 60 / 100, () => Step("broker stopped", broker.Node.StopAsync))
            .At(count * 75 / 100, () => Step("broker started", () => broker.Node.StartAgainAsync()));

        var redeliveries = await SendAllAsync(webhooks, count, chaos);
        await chaos.AllAsync();
        await restart!;

        var delivered = await WaitForAsync(observer, webhooks, count);
        var counts = await CountsAsync(webhooks);
        output.WriteLine($"{count} events, {redeliveries} redeliveries by the sender, {observer.Deliveries.Count} integration events received, " +
                         $"{webhooks.Starts} service starts; counts {counts}");
        Assert.Equal((count, 0, 0), (counts.GetProperty("processed").GetInt32(), counts.GetProperty("received").GetInt32(), counts.GetProperty("failed").GetInt32()));
        // Every event reached the consumer, and any redelivery carried the same event id, so a consumer that
        // remembers ids applies each exactly once.
        Assert.Equal(count, delivered.Select(d => d.StripeEventId).Distinct().Count());
        Assert.All(delivered.GroupBy(d => d.StripeEventId), g => Assert.Single(g.Select(d => d.EventId).Distinct()));
    }

    private Task Step(string what, Func<Task> fault)
    {
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {what}");
        return fault();
    }

    private static Dictionary<string, string> Settings(string broker) => new()
    {
        ["ConnectionStrings__messaging"] = broker,
        ["Stripe__WebhookSecret"] = SignedEvents.Secret,
        ["Webhooks__SweepInterval"] = "00:00:01",
        ["Webhooks__RedispatchAfter"] = "00:00:10",
        ["Webhooks__CustomerLeaseDuration"] = "00:00:05",
        ["Webhooks__PublishTimeout"] = "00:00:02",
        // Short delays but as many attempts as Svix's schedule: a broker outage must not exhaust them.
        ["Webhooks__RetrySchedule__0"] = "00:00:00",
        ["Webhooks__RetrySchedule__1"] = "00:00:01",
        ["Webhooks__RetrySchedule__2"] = "00:00:02",
        ["Webhooks__RetrySchedule__3"] = "00:00:05",
        ["Webhooks__RetrySchedule__4"] = "00:00:10",
        ["Webhooks__RetrySchedule__5"] = "00:00:10",
        ["Webhooks__RetrySchedule__6"] = "00:00:20",
        ["Webhooks__RetrySchedule__7"] = "00:00:30",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Four senders, each retrying a delivery until it is acknowledged, as Stripe does.</summary>
    private static async Task<int> SendAllAsync(ServiceProcess webhooks, int count, ChaosSchedule chaos)
    {
        var origin = DateTimeOffset.UtcNow.AddHours(-1);
        var next = -1;
        var redeliveries = 0;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await chaos.BeforeSendingAsync(i);
                var payload = SignedEvents.Payload(i, Customers, origin);
                for (var attempt = 0; ; attempt++)
                {
                    if (await TryDeliverAsync(http, webhooks.BaseUrl, payload))
                    {
                        break;
                    }

                    Interlocked.Increment(ref redeliveries);
                    if (attempt > 600)
                    {
                        throw new TimeoutException($"event {i} was never acknowledged");
                    }

                    await Task.Delay(100);
                }
            }
        }));
        return redeliveries;
    }

    private static async Task<bool> TryDeliverAsync(HttpClient http, string baseUrl, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/api/stripe/webhook")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            Headers = { { "Stripe-Signature", SignedEvents.Sign(payload, DateTimeOffset.UtcNow) } },
        };
        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<List<(string StripeEventId, Guid EventId)>> WaitForAsync(
        IntegrationEventObserver observer, ServiceProcess webhooks, int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (observer.Deliveries.Select(d => d.StripeEventId).Distinct().Count() < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"only {observer.Deliveries.Select(d => d.StripeEventId).Distinct().Count()} of {count} events reached the consumer; " +
                    $"counts {await CountsAsync(webhooks)}{Environment.NewLine}{await MissingAsync(observer, webhooks, count)}" +
                    $"{Environment.NewLine}{webhooks.Output}");
            }

            await Task.Delay(250);
        }

        // Let late redeliveries (if any) arrive before judging them.
        await Task.Delay(TimeSpan.FromSeconds(2));
        return [.. observer.Deliveries];
    }

    /// <summary>What the event log says about the first few events the consumer never saw.</summary>
    private static async Task<string> MissingAsync(IntegrationEventObserver observer, ServiceProcess webhooks, int count)
    {
        var seen = observer.Deliveries.Select(d => d.StripeEventId).ToHashSet();
        var missing = Enumerable.Range(0, count).Select(i => $"evt_fault_{i:D5}").Where(id => !seen.Contains(id)).Take(5);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        http.DefaultRequestHeaders.Add(InternalApiKey.HeaderName, InternalApiKey.Value);
        var lines = new List<string>();
        foreach (var id in missing)
        {
            lines.Add(await http.GetStringAsync($"{webhooks.BaseUrl}/internal/webhooks/events/{id}") is var json && json.Length > 3000 ? json[..3000] : json);
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<JsonElement> CountsAsync(ServiceProcess webhooks)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        http.DefaultRequestHeaders.Add(InternalApiKey.HeaderName, InternalApiKey.Value);
        return await http.GetFromJsonAsync<JsonElement>($"{webhooks.BaseUrl}/internal/webhooks/counts");
    }
}
