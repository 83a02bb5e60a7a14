using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saas.Testing;
using Saas.Testing.Aspire;
using Saas.Testing.Broker;

namespace Saas.SystemTests;

/// <summary>
/// Issue 6's "Show": a Stripe event fails processing → it is listed as failed by <c>GET /api/admin/stripe-webhooks</c>
/// → a staff replay → it is processed, and the audit log has the replay. Processing fails for real: the broker refuses
/// the webhooks service's publish of the integration event (billing's queues are full and reject publishes, so the publish
/// is nacked), every attempt records an error until the retry schedule (shortened here) is spent; then the queues take
/// messages again and the event is replayed.
/// </summary>
public sealed class AdminWebhookReplayTests(AdminWebhookReplayTests.Fixture fixture) : IClassFixture<AdminWebhookReplayTests.Fixture>, IDisposable
{
    private const string AdminUser = "system-ops";
    private const string AdminPassword = "system test admin password";
    private const string WebhookSecret = "whsec_admin_system_test";
    private const string RejectPolicy = "billing-refuses-messages";
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(90);
    private readonly HttpClient _gateway = Client(fixture.Host.GatewayUrl);

    [Fact]
    public async Task FailedEvent_WhenReplayedByStaff_ShouldBeProcessedAndTheReplayAudited()
    {
        await RabbitMqPolicies.RejectPublishesAsync(fixture.Broker, RejectPolicy, "^billing");
        var stripeEventId = $"evt_admin_{Guid.NewGuid():N}"[..28];
        var (accepted, _) = await SendWebhookAsync(SignedStripeEvents.SubscriptionUpdated(stripeEventId));
        Assert.Equal(200, accepted);

        // Watched in the unfiltered list, so a timeout shows where the event got stuck.
        await WithHostOutputAsync(() => Polling.UntilAsync(
            () => FindAsync("/api/admin/stripe-webhooks", stripeEventId),
            e => e?.GetProperty("status").GetString() == "failed", StatusTimeout, $"{stripeEventId} failed"));
        var failed = await FindAsync("/api/admin/stripe-webhooks?status=failed&type=customer.subscription.updated", stripeEventId);
        Assert.NotNull(failed);
        var id = failed.Value.GetProperty("id").GetString()!;
        var (_, detail) = await AdminAsync(HttpMethod.Get, $"/api/admin/stripe-webhooks/{id}");
        var attempts = detail.GetProperty("event").GetProperty("attempts");
        Assert.Equal(2, attempts.GetArrayLength());
        Assert.All(attempts.EnumerateArray(), a => Assert.False(string.IsNullOrEmpty(a.GetProperty("error").GetString())));

        await RabbitMqPolicies.ClearAsync(fixture.Broker, RejectPolicy);
        var (replayStatus, replay) = await AdminAsync(HttpMethod.Post, $"/api/admin/stripe-webhooks/{id}/replay", new { reason = "broker permissions fixed" });
        Assert.True(replayStatus == 202, $"replay answered {replayStatus}: {replay}");

        var processed = await WithHostOutputAsync(() => Polling.UntilAsync(
            async () => (await AdminAsync(HttpMethod.Get, $"/api/admin/stripe-webhooks/{id}")).Body,
            e => e.ValueKind == JsonValueKind.Object && e.GetProperty("event").GetProperty("status").GetString() == "processed",
            StatusTimeout, $"{stripeEventId} processed after the replay"));
        Assert.Equal("published", processed.GetProperty("event").GetProperty("outcome").GetString());
        var replays = processed.GetProperty("event").GetProperty("replays");
        Assert.Equal("broker permissions fixed", replays[0].GetProperty("reason").GetString());
        var (_, audit) = await AdminAsync(HttpMethod.Get, $"/api/admin/audit-log?action=webhook.replay&targetId={id}");
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal($"basic:{AdminUser}", entry.GetProperty("actorId").GetString());
        Assert.Equal("admin", entry.GetProperty("role").GetString());
    }

    /// <summary>saasbackend's routes through the gateway: the failed event shows in its stats and filters, and its retry processes it.</summary>
    [Fact]
    public async Task FailedEvent_WhenRetriedThroughSaasBackendsRoute_ShouldShowInItsStatsAndBeProcessed()
    {
        await RabbitMqPolicies.RejectPublishesAsync(fixture.Broker, RejectPolicy, "^billing");
        var stripeEventId = $"evt_retry_{Guid.NewGuid():N}"[..28];
        Assert.Equal(200, (await SendWebhookAsync(SignedStripeEvents.SubscriptionUpdated(stripeEventId))).Status);
        await WithHostOutputAsync(() => Polling.UntilAsync(
            () => FindAsync("/api/admin/stripe-webhooks?eventType=customer.subscription.updated&status=failed&offset=0&limit=100", stripeEventId),
            e => e is not null, StatusTimeout, $"{stripeEventId} failed"));
        var row = (await FindAsync("/api/admin/stripe-webhooks?eventType=customer.subscription.updated&status=failed&offset=0&limit=100", stripeEventId))!.Value;
        var id = row.GetProperty("_id").GetString()!;
        var (_, stats) = await AdminAsync(HttpMethod.Get, "/api/admin/stripe-webhooks-stats");
        Assert.Contains(stats.GetProperty("recentFailures").EnumerateArray(), f => f.GetProperty("stripeEventId").GetString() == stripeEventId);
        Assert.True(stats.GetProperty("statusStats").EnumerateArray().Single(s => s.GetProperty("_id").GetString() == "failed").GetProperty("count").GetInt64() >= 1);

        await RabbitMqPolicies.ClearAsync(fixture.Broker, RejectPolicy);
        var (status, retried) = await AdminAsync(HttpMethod.Post, $"/api/admin/stripe-webhooks/{id}/retry");

        // 200 once the retry went through within the route's wait; 202 if the machine was slower (then it completes later).
        Assert.True(status is 200 or 202, $"retry answered {status}: {retried}");
        Assert.Equal(status == 200 ? "success" : "pending", retried.GetProperty("status").GetString());
        await WithHostOutputAsync(() => Polling.UntilAsync(
            async () => (await AdminAsync(HttpMethod.Get, $"/api/admin/stripe-webhooks/{stripeEventId}")).Body,
            e => e.ValueKind == JsonValueKind.Object && e.GetProperty("event").GetProperty("status").GetString() == "processed",
            StatusTimeout, $"{stripeEventId} processed after the retry"));
        var (again, _) = await AdminAsync(HttpMethod.Post, $"/api/admin/stripe-webhooks/{id}/retry");
        Assert.Equal(400, again);
        var (_, audit) = await AdminAsync(HttpMethod.Get, $"/api/admin/audit-log?action=webhook.retry&targetId={id}");
        Assert.Single(audit.GetProperty("entries").EnumerateArray());
    }

    public void Dispose() => _gateway.Dispose();

    private async Task<T> WithHostOutputAsync<T>(Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}{Environment.NewLine}AppHost output:{Environment.NewLine}{fixture.Host.Output}", ex);
        }
    }

    private async Task<JsonElement?> FindAsync(string path, string stripeEventId)
    {
        var (status, body) = await AdminAsync(HttpMethod.Get, path);
        return status == 200
            ? body.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("stripeEventId").GetString() == stripeEventId)
                .Select(e => (JsonElement?)e).FirstOrDefault()
            : null;
    }

    private async Task<(int Status, JsonElement Body)> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")));
        using var response = await _gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private async Task<(int Status, string Body)> SendWebhookAsync(string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", SignedStripeEvents.Signature(payload, WebhookSecret));
        using var response = await _gateway.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static HttpClient Client(string baseUrl) => new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>
    /// A broker of the test's own (so it can make billing's queues refuse messages) and an AppHost using it, with known
    /// Stripe and admin secrets and a two-attempt retry schedule, so a failing event is <c>failed</c> within seconds.
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private StaffReplaySystem? _system;

        public RabbitMqNode Broker => System.Broker;

        public SaasApp Host => System.Host;

        private StaffReplaySystem System => _system ?? throw new InvalidOperationException("the system has not been started");

        public async Task InitializeAsync() =>
            _system = await StaffReplaySystem.StartAsync("sk_test_admin_system_test", WebhookSecret, AdminUser, AdminPassword);

        public async Task DisposeAsync()
        {
            if (_system is not null)
            {
                await _system.DisposeAsync();
            }
        }
    }
}
