using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saas.Admin.Features.Alerts;
using Saas.Admin.Tests.Features.Console;

namespace Saas.Admin.Tests.Features.Alerts;

/// <summary>Each alert rule, caused over real HTTP, shows on the banner, the alerts page, the API, /health and the operator webhook.</summary>
public sealed class AlertsTests
{
    private static AdminApp AppFor(OpsStandIn ops) => new AdminApp().WithServices(ops.Url).With("Alerts:WebhookUrl", ops.HookUrl);

    private static Task EvaluateAsync(AdminApp app) =>
        app.Services.GetRequiredService<AlertEvaluator>().EvaluateOnceAsync(CancellationToken.None);

    [Fact]
    public async Task Evaluate_WhenAnEventExhaustedItsRetries_ShouldShowBannerListHealthAndPostStartAndEndOnce()
    {
        await using var ops = await OpsStandIn.StartAsync();
        await using var app = AppFor(ops);
        ops.Pipeline = OpsStandIn.Quiet(failed: 2);

        await EvaluateAsync(app);
        await EvaluateAsync(app); // still firing: no second POST

        var console = await ConsoleSession.SignedInAsync(app);
        var users = await console.PageAsync("/admin/users");
        Assert.Contains("data-testid=\"alert-banner\"", users);
        Assert.Contains("2 webhook event(s) exhausted their retries (latest evt_exhausted, invoice.paid)", users);
        Assert.Contains("href=\"/admin/webhooks?status=failed\"", users);
        var list = await console.PageAsync("/admin/alerts");
        Assert.Contains("data-alert=\"webhook.retries_exhausted\"", list);
        var since = app.Services.GetRequiredService<AlertBoard>().Active.Single().Since;
        Assert.Contains(Saas.Admin.Features.Console.JsonView.Time(since)!, list);

        var health = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("alerts").GetProperty("status").GetString());
        Assert.Contains("exhausted their retries", health.GetProperty("checks").GetProperty("alerts").GetProperty("description").GetString());

        ops.Pipeline = OpsStandIn.Quiet(); // replayed
        await EvaluateAsync(app);
        await EvaluateAsync(app);

        Assert.Equal(["firing", "resolved"], ops.Posts.Select(p => p.Body.GetProperty("state").GetString()));
        Assert.All(ops.Posts, p => Assert.Equal(AlertRules.RetriesExhausted, p.Body.GetProperty("rule").GetString()));
        Assert.Equal(ops.Posts.Select(p => p.Body.GetProperty("id").GetString()), ops.Posts.Select(p => p.IdempotencyKey));
        Assert.DoesNotContain("alert-banner", await console.PageAsync("/admin/users"));
        Assert.Contains("No alert is firing", await console.PageAsync("/admin/alerts"));
        var healthy = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("alerts").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("00:00:30", false)]
    [InlineData("00:05:00", true)]
    public async Task Evaluate_WhenTheOldestPendingEventPassesTheBacklogAge_ShouldFireTheBacklogAlertOnlyThen(string oldest, bool fires)
    {
        await using var ops = await OpsStandIn.StartAsync();
        await using var app = AppFor(ops).With("Alerts:BacklogAge", "00:01:00");
        ops.Pipeline = OpsStandIn.Quiet(oldestPendingAge: oldest);

        await EvaluateAsync(app);

        var alerts = await app.AsSupport().GetFromJsonAsync<JsonElement>("/api/admin/alerts");
        var rules = alerts.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("rule").GetString()).ToList();
        Assert.Equal(fires ? [AlertRules.Backlog] : [], rules);
    }

    [Fact]
    public async Task Evaluate_WhenAnEventFromAnotherApiVersionArrived_ShouldFireTheDriftAlertLinkingToTheEvent()
    {
        await using var ops = await OpsStandIn.StartAsync();
        await using var app = AppFor(ops);
        ops.Pipeline = OpsStandIn.Quiet(latestDrift: new
        {
            id = "doc_drift", stripeEventId = "evt_drift", eventType = "invoice.paid", apiVersion = "2024-06-20", receivedAt = DateTimeOffset.UtcNow,
        });

        await EvaluateAsync(app);

        var alert = Assert.Single(app.Services.GetRequiredService<AlertBoard>().Active);
        Assert.Equal((AlertRules.ApiVersionDrift, "/admin/webhooks/doc_drift"), (alert.Rule, alert.Link));
        Assert.Contains("2024-06-20", alert.Message);
        Assert.Contains("2026-10-28.endive", alert.Message);
    }

    [Fact]
    public async Task Evaluate_WhenAServiceReportsMessagesInAnErrorQueue_ShouldFireTheErrorQueueAlertPerServiceWithItsText()
    {
        await using var ops = await OpsStandIn.StartAsync();
        await using var app = AppFor(ops);
        ops.Health = new
        {
            status = "Degraded",
            checks = new Dictionary<string, object> { ["error-queues"] = new { status = "Degraded", description = "2 message(s) in billing-x_error" } },
        };

        await EvaluateAsync(app);

        var keys = app.Services.GetRequiredService<AlertBoard>().Active.Select(a => a.Key).Order().ToList();
        Assert.Equal(["messaging.error_queue:billing", "messaging.error_queue:identity", "messaging.error_queue:webhooks"], keys);
        Assert.Contains("2 message(s) in billing-x_error", app.Services.GetRequiredService<AlertBoard>().Active[0].Message);
    }

    [Fact]
    public async Task Evaluate_WhenAServiceIsDown_ShouldFireOneAlertNamingIt()
    {
        await using var ops = await OpsStandIn.StartAsync();
        await using var app = AppFor(ops).With("services:billing:http:0", OpsStandIn.DeadUrl());

        await EvaluateAsync(app);

        var alert = Assert.Single(app.Services.GetRequiredService<AlertBoard>().Active);
        Assert.Equal(("service.down:billing", "Service billing is down (no answer from /alive)"), (alert.Key, alert.Message));
        var post = Assert.Single(ops.Posts);
        Assert.Equal("firing", post.Body.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Evaluate_WhenTheBrokerIsUnreachable_ShouldFireTheBrokerAlert()
    {
        await using var ops = await OpsStandIn.StartAsync();
        var port = new Uri(OpsStandIn.DeadUrl()).Port;
        await using var app = AppFor(ops).With("ConnectionStrings:messaging", $"amqp://guest:guest@127.0.0.1:{port}/");
        _ = app.Services; // starts the host and, with it, the bus's attempts to connect

        var alert = await Eventually(async () =>
        {
            await EvaluateAsync(app);
            return app.Services.GetRequiredService<AlertBoard>().Active.FirstOrDefault(a => a.Rule == AlertRules.BrokerDown);
        });

        Assert.StartsWith("RabbitMQ is unreachable", alert.Message);
    }

    [Fact]
    public async Task Start_WhenTheWebhookUrlIsNotAUrl_ShouldFailNamingTheKey()
    {
        await using var app = new AdminApp().With("Alerts:WebhookUrl", "not a url");

        var error = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Contains("WebhookUrl", error.Message);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(100);
        }
    }
}
