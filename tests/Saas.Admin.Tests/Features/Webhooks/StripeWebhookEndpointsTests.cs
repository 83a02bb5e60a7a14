using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Webhooks;

public sealed class StripeWebhookEndpointsTests
{
    [Fact]
    public async Task ListEvents_ShouldForwardFiltersAndAnswerEvents()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var body = await app.AsSupport().GetFromJsonAsync<JsonElement>("/api/admin/stripe-webhooks?status=failed&type=invoice.paid&limit=10&ignored=x");

        Assert.Equal("e1", body.GetProperty("events")[0].GetProperty("id").GetString());
        Assert.Equal("/internal/webhooks/events?status=failed&type=invoice.paid&pageSize=10",
            Assert.Single(services.To("GET", "/internal/webhooks/events?")).Path);
    }

    [Fact]
    public async Task ListEvents_ShouldSendTheWebhooksInternalApiKey()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("Admin:WebhooksApiKey", "webhooks-key-0123456789abcdef0123456789");

        await app.AsSupport().GetAsync("/api/admin/stripe-webhooks");

        var sent = Assert.Single(services.To("GET", "/internal/webhooks/events"));
        Assert.Equal("webhooks-key-0123456789abcdef0123456789", sent.Headers["X-Internal-Api-Key"]);
    }

    [Fact]
    public void Start_WhenADownstreamKeyIsMissingOutsideDevelopment_ShouldRefuseNamingIt()
    {
        using var app = new AdminApp().With("Admin:WebhooksApiKey", null);

        var failure = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(app.StartFailure());

        Assert.StartsWith("Admin:WebhooksApiKey:", Assert.Single(failure.Failures));
    }

    [Fact]
    public async Task GetEvent_ShouldAnswerTheEventOr404()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var body = await app.AsSupport().GetFromJsonAsync<JsonElement>("/api/admin/stripe-webhooks/e1");
        var missing = await app.AsSupport().GetAsync("/api/admin/stripe-webhooks/missing");

        Assert.Equal("e1", body.GetProperty("event").GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ReplayOne_BySupport_ShouldReplayAsTheStaffMemberAndAuditIt()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var response = await app.AsSupport().PostAsJsonAsync("/api/admin/stripe-webhooks/e1/replay", new { reason = "bug fixed" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("r1", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayId").GetString());
        var sent = Assert.Single(services.To("POST", "/internal/webhooks/events/e1/replay"));
        Assert.Contains("staff-support", sent.Headers["X-Requested-By"]);
        Assert.Equal("bug fixed", JsonDocument.Parse(sent.Body).RootElement.GetProperty("reason").GetString());
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.replay")).GetProperty("entries")[0];
        Assert.Equal("support", entry.GetProperty("role").GetString());
        Assert.Equal("e1", entry.GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task ReplayByFilter_DryRunThenReal_ShouldCountFirstAndAuditOnlyTheRealOne()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var client = app.AsSupport();

        var dry = await (await client.PostAsJsonAsync("/api/admin/stripe-webhooks/replay", new { status = "failed", reason = "x", dryRun = true }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var real = await client.PostAsJsonAsync("/api/admin/stripe-webhooks/replay", new { status = "failed", reason = "x" });

        Assert.Equal(3, dry.GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log");
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal("webhook.replay_batch", entry.GetProperty("action").GetString());
        Assert.Equal("b1", entry.GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task ReplayOne_WhenWebhooksIsDown_ShouldAnswer503AndAuditNothing()
    {
        await using var app = new AdminApp().WithServices(StandInServices.DeadUrl());

        var response = await app.AsAdmin().PostAsJsonAsync("/api/admin/stripe-webhooks/e1/replay", new { reason = "x" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ReplayOne_WhenTheWebhooksServiceIsDown_ShouldAnswer503NamingItAndAuditNothing()
    {
        await using var app = new AdminApp().WithServices(StandInServices.DeadUrl());

        var response = await app.AsSupport().PostAsJsonAsync("/api/admin/stripe-webhooks/e1/replay", new { reason = "retry" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("webhooks service is unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log");
        Assert.Equal(0, audit.GetProperty("total").GetInt32());
    }
}
