using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Console;

public sealed class WebhookPagesTests
{
    [Fact]
    public async Task Events_ShouldListWhatTheWebhooksServiceFindsWithTheFilters()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        var html = await session.PageAsync("/admin/webhooks?status=failed&type=invoice.paid&from=2026-01-02T03:04");

        Assert.Contains("evt_1", html);
        Assert.Contains("href=\"/admin/webhooks/e1\"", html);
        var sent = Assert.Single(services.To("GET", "/internal/webhooks/events?"));
        Assert.Contains("status=failed", sent.Path);
        Assert.Contains("type=invoice.paid", sent.Path);
        Assert.Contains("from=2026-01-02T03%3A04%3A00.0000000%2B00%3A00", sent.Path);
    }

    [Fact]
    public async Task EventDetail_ShouldAskForConfirmationBeforeReplaying()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        var detail = await session.PageAsync("/admin/webhooks/e1");
        var confirm = await session.PageAsync("/admin/webhooks/e1?confirm=replay");

        Assert.Contains("evt_1", detail);
        Assert.DoesNotContain("Confirm replay", detail);
        Assert.Contains("Confirm replay", confirm);
        Assert.Empty(services.To("POST", "/internal/webhooks"));
    }

    [Fact]
    public async Task ReplayOne_AfterConfirming_ShouldReplayAsTheStaffMemberAndAuditIt()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        using var response = await session.PostFormAsync("/admin/webhooks/e1?handler=Replay", "/admin/webhooks/e1?confirm=replay",
            new() { ["reason"] = "billing was down" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Replay requested", await session.PageAsync(response.Headers.Location!.OriginalString));
        var sent = JsonDocument.Parse(Assert.Single(services.To("POST", "/internal/webhooks/events/e1/replay")).Body).RootElement;
        Assert.Equal("billing was down", sent.GetProperty("reason").GetString());
        Assert.Equal("basic:ops", sent.GetProperty("requestedBy").GetString());
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.replay")).GetProperty("entries")[0];
        Assert.Equal("e1", entry.GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task ReplayFiltered_ShouldShowTheDryRunCountThenReplayOnlyWhenConfirmed()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        using var dryRun = await session.PostFormAsync("/admin/webhooks?handler=DryRun", "/admin/webhooks?status=failed",
            new() { ["status"] = "failed" });
        var confirmPage = await dryRun.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Contains("Replay 3 event(s)?", confirmPage);
        var counted = JsonDocument.Parse(Assert.Single(services.To("POST", "/internal/webhooks/replays")).Body).RootElement;
        Assert.True(counted.GetProperty("dryRun").GetBoolean());
        Assert.Equal("failed", counted.GetProperty("status").GetString());
        // A dry run changes nothing, so there is nothing to audit yet.
        Assert.Equal(0, (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.replay_batch")).GetProperty("total").GetInt32());

        using var confirmed = await session.Client.PostAsync("/admin/webhooks?handler=ReplayFiltered", new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = ConsoleSession.Token(confirmPage), ["status"] = "failed", ["reason"] = "after the outage",
            }));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var replayed = JsonDocument.Parse(services.To("POST", "/internal/webhooks/replays").Last().Body).RootElement;
        Assert.False(replayed.GetProperty("dryRun").GetBoolean());
        Assert.Equal("failed", replayed.GetProperty("status").GetString());
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.replay_batch")).GetProperty("entries")[0];
        Assert.Equal("b1", entry.GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task Events_WhenTheWebhooksServiceIsDown_ShouldSaySo()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("services:webhooks:http:0", StandInServices.DeadUrl());
        var session = await ConsoleSession.SignedInAsync(app);

        var html = await session.PageAsync("/admin/webhooks");
        using var replay = await session.PostFormAsync("/admin/webhooks/e1?handler=Replay", "/admin/webhooks", new() { ["reason"] = "x" });

        Assert.Contains("The webhooks service is unavailable; nothing was changed", html);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("The webhooks service is unavailable; nothing was changed", await replay.Content.ReadAsStringAsync());
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.replay");
        Assert.Equal(0, audit.GetProperty("total").GetInt32());
    }
}
