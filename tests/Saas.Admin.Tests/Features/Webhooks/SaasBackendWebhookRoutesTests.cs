using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Webhooks;

/// <summary>saasbackend 1.0.6's retry, stats and list-filter routes, against the stand-in webhooks service.</summary>
public sealed class SaasBackendWebhookRoutesTests
{
    [Theory]
    [InlineData("evt_ok", HttpStatusCode.OK, "success", "Event processed successfully")]
    [InlineData("evt_again", HttpStatusCode.InternalServerError, "error", "broker refused the message")]
    [InlineData("evt_slow", HttpStatusCode.Accepted, "pending", "Retry queued")]
    public async Task RetryOne_ShouldAnswerSaasBackendsShapeForEachOutcomeAndAuditIt(string id, HttpStatusCode status, string outcome, string message)
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var response = await app.AsAdmin().PostAsync($"/api/admin/stripe-webhooks/{id}/retry", null);

        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (outcome == "error")
        {
            // A failure follows the one rule for error bodies: ProblemDetails, whose status is the number; saasbackend's
            // message, error and event ride along.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(500, body.GetProperty("status").GetInt32());
            Assert.Equal(message, body.GetProperty("error").GetString());
        }
        else
        {
            Assert.Equal(outcome, body.GetProperty("status").GetString());
            Assert.False(body.TryGetProperty("error", out _));
        }

        Assert.Equal(message, body.GetProperty("message").GetString());
        Assert.Equal(id, body.GetProperty("event").GetProperty("stripeEventId").GetString());
        Assert.Contains("staff-admin", JsonDocument.Parse(Assert.Single(services.To("POST", $"/internal/webhooks/events/{id}/retry")).Body)
            .RootElement.GetProperty("requestedBy").GetString());
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.retry")).GetProperty("entries")[0];
        Assert.Equal(id, entry.GetProperty("targetId").GetString());
    }

    [Theory]
    [InlineData("missing", HttpStatusCode.NotFound, "Webhook event not found")]
    [InlineData("evt_done", HttpStatusCode.BadRequest, "Event already processed")]
    public async Task RetryOne_WhenUnknownOrAlreadyProcessed_ShouldAnswerSaasBackendsErrorAndAuditNothing(string id, HttpStatusCode status, string error)
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var response = await app.AsAdmin().PostAsync($"/api/admin/stripe-webhooks/{id}/retry", null);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty((await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.retry")).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task RetryFailed_ShouldForwardLimitsAndAnswerSaasBackendsResults()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var response = await app.AsAdmin().PostAsJsonAsync("/api/admin/stripe-webhooks/retry", new { limit = 5, maxRetries = 2 });
        var tooMany = await app.AsAdmin().PostAsJsonAsync("/api/admin/stripe-webhooks/retry", new { limit = 1000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        var results = body.GetProperty("results");
        Assert.Equal((2, 1, 1), (results.GetProperty("total").GetInt32(), results.GetProperty("succeeded").GetInt32(), results.GetProperty("failed").GetInt32()));
        Assert.Equal("evt_again", results.GetProperty("errors")[0].GetProperty("eventId").GetString());
        var sent = JsonDocument.Parse(services.To("POST", "/internal/webhooks/retries").First().Body).RootElement;
        Assert.Equal((5, 2), (sent.GetProperty("limit").GetInt32(), sent.GetProperty("maxRetries").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("limit must be between 1 and 100", (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Single((await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.retry_batch")).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task Stats_ShouldAnswerStatusTypeAndRecentFailureGroups()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var body = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/stripe-webhooks-stats");

        Assert.Equal("failed", body.GetProperty("statusStats")[0].GetProperty("_id").GetString());
        Assert.Equal(1, body.GetProperty("eventTypeStats")[0].GetProperty("failedCount").GetInt32());
        Assert.Equal("evt_1", body.GetProperty("recentFailures")[0].GetProperty("stripeEventId").GetString());
    }

    [Fact]
    public async Task List_ShouldForwardSaasBackendsEventTypeOffsetAndLimit()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        await app.AsSupport().GetAsync("/api/admin/stripe-webhooks?eventType=invoice.paid&offset=20&limit=10");

        Assert.Equal("/internal/webhooks/events?eventType=invoice.paid&offset=20&pageSize=10",
            Assert.Single(services.To("GET", "/internal/webhooks/events?")).Path);
    }

    [Theory]
    [InlineData("POST", "/api/admin/stripe-webhooks/evt_ok/retry")]
    [InlineData("POST", "/api/admin/stripe-webhooks/retry")]
    [InlineData("GET", "/api/admin/stripe-webhooks-stats")]
    public async Task NewRoutes_WhenNotAdmin_ShouldRefuseAndCallNothing(string method, string path)
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var anonymous = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var support = await app.AsSupport().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var wrongPassword = await app.Basic(password: "wrong").SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var operatorAccount = await app.Basic().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, support.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.True(operatorAccount.IsSuccessStatusCode || operatorAccount.StatusCode == HttpStatusCode.InternalServerError);
        Assert.Single(services.Requests, r => r.Path.StartsWith("/internal/webhooks", StringComparison.Ordinal));
        Assert.True((await anonymous.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }
}
