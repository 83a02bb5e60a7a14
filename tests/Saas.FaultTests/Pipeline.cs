using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saas.Testing.Broker;
using Saas.Testing;

namespace Saas.FaultTests;

/// <summary>
/// The webhook path as <c>./saas up</c> runs it, without the gateway: a private RabbitMQ node, then identity, billing
/// and webhooks as processes with the environment AppHost gives them (DESIGN.md's keys), each with its own data
/// folder. Services run with their default recovery settings: what is measured is what an operator gets.
/// </summary>
public sealed class Pipeline : IAsyncDisposable
{
    private readonly RabbitMqFixture broker = new();
    private readonly TempDirectory data = new("saas-fault-pipeline");
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private Pipeline()
    {
    }

    public ServiceProcess Identity { get; private set; } = null!;
    public ServiceProcess Billing { get; private set; } = null!;
    public ServiceProcess Webhooks { get; private set; } = null!;
    public IntegrationEventObserver Observer { get; private set; } = null!;
    public RabbitMqNode Node => broker.Node!;
    public List<(string Id, string Token)> Users { get; } = [];

    /// <summary>When the broker last accepted connections again after a kill.</summary>
    public DateTime BrokerStartedAt { get; private set; }

    public static async Task<Pipeline> StartAsync(int users)
    {
        var pipeline = new Pipeline();
        await pipeline.broker.InitializeAsync();
        if (pipeline.broker.Node is null)
        {
            throw new InvalidOperationException("the chaos suite needs a private RabbitMQ node it can kill (unset SAAS_TEST_RABBITMQ)");
        }

        var ports = FreePort.Next(3);
        var addresses = new Dictionary<string, string>
        {
            ["services__identity__http__0"] = $"http://127.0.0.1:{ports[0]}",
            ["services__billing__http__0"] = $"http://127.0.0.1:{ports[1]}",
            ["services__webhooks__http__0"] = $"http://127.0.0.1:{ports[2]}",
            ["services__admin__http__0"] = "http://127.0.0.1:9",
        };
        ServiceProcess Service(string name, int port, Dictionary<string, string> extra)
        {
            var environment = new Dictionary<string, string>(addresses)
            {
                ["ConnectionStrings__messaging"] = pipeline.broker.ConnectionString,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in extra)
            {
                environment[key] = value;
            }

            return new ServiceProcess(Path.Combine(pipeline.data.Path, name), environment, name, port);
        }

        pipeline.Identity = Service("identity", ports[0], []);
        pipeline.Billing = Service("billing", ports[1], new()
        {
            // Never reached: the events carry the whole subscription and the checkout names none.
            ["Stripe__SecretKey"] = "sk_test_fault_unused",
            ["Stripe__ApiBase"] = "http://127.0.0.1:9",
        });
        pipeline.Webhooks = Service("webhooks", ports[2], new() { ["Stripe__WebhookSecret"] = SignedEvents.Secret });
        pipeline.Observer = await IntegrationEventObserver.StartAsync(pipeline.broker.ConnectionString);
        await Task.WhenAll(pipeline.Identity.StartAsync(), pipeline.Billing.StartAsync(), pipeline.Webhooks.StartAsync());
        for (var i = 0; i < users; i++)
        {
            pipeline.Users.Add(await pipeline.RegisterAsync(i));
        }

        return pipeline;
    }

    /// <summary>SIGKILL of the node's VM, then a start on the same port and data directory (AppHost's supervisor's job).</summary>
    public async Task KillAndRestartBrokerAsync()
    {
        using (var vm = Process.GetProcessById(Node.ProcessId))
        {
            vm.Kill();
            await vm.WaitForExitAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Node.IsRunning && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Node.StartAgainAsync();
        BrokerStartedAt = DateTime.UtcNow;
    }

    public static async Task KillAndRestartAsync(ServiceProcess service)
    {
        await service.KillAsync();
        await service.StartAsync();
    }

    /// <summary>Posts one event until it is acknowledged, backing off as Stripe does (compressed: 100 ms doubling to 2 s).</summary>
    public async Task<int> DeliverAsync(string payload)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Webhooks.BaseUrl}/api/stripe/webhook")
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
                Headers = { { "Stripe-Signature", SignedEvents.Sign(payload, DateTimeOffset.UtcNow) } },
            };
            try
            {
                using var response = await http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    return attempt;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (attempt > 300)
            {
                throw new TimeoutException($"an event was never acknowledged:{Environment.NewLine}{Webhooks.Output}");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }

    public async Task<JsonElement> WebhookCountsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Webhooks.BaseUrl}/internal/webhooks/counts");
        request.Headers.Add(InternalApiKey.HeaderName, InternalApiKey.Value);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The user's <c>subscriptionStatus</c> as <c>/api/auth/me</c> shows it.</summary>
    public async Task<string?> StatusAsync(int user)
    {
        var me = await GetAsync(user, "/api/auth/me");
        var root = me.TryGetProperty("user", out var u) ? u : me;
        return root.TryGetProperty("subscriptionStatus", out var s) ? s.GetString() : null;
    }

    /// <summary>The user's <c>subscription_updated</c> activity entries, oldest first: (from, to).</summary>
    public async Task<List<(string? From, string? To)>> StatusChangesAsync(int user)
    {
        var logs = (await GetAsync(user, "/api/activity-log?limit=100")).GetProperty("logs");
        return [.. logs.EnumerateArray()
            .Where(l => l.GetProperty("action").GetString() == "subscription_updated")
            .Select(l => (l.GetProperty("details").GetProperty("from").GetString(), l.GetProperty("details").GetProperty("to").GetString()))
            .Reverse()];
    }

    public string Logs => $"--- identity{Environment.NewLine}{Identity.Output}--- billing{Environment.NewLine}{Billing.Output}--- webhooks{Environment.NewLine}{Webhooks.Output}";

    private async Task<JsonElement> GetAsync(int user, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Identity.BaseUrl}{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Users[user].Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(string Id, string Token)> RegisterAsync(int i)
    {
        var email = $"chaos-{i}-{Guid.NewGuid():N}@example.com";
        using var response = await http.PostAsJsonAsync($"{Identity.BaseUrl}/api/auth/register", new { email, password = "chaos-password-1", name = $"Chaos {i}" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"register answered {(int)response.StatusCode}: {body}");
        }

        return (body.GetProperty("user").GetProperty("_id").GetString()!, body.GetProperty("token").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await Observer.DisposeAsync();
        await Webhooks.DisposeAsync();
        await Billing.DisposeAsync();
        await Identity.DisposeAsync();
        await broker.DisposeAsync();
        http.Dispose();
        data.Dispose();
    }
}
