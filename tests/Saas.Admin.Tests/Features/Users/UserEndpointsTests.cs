using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Users;

public sealed class UserEndpointsTests
{
    [Fact]
    public async Task ListUsers_ShouldForwardSearchStatusAndPagingAndAnswerUsersAndTotal()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var body = await app.AsSupport().GetFromJsonAsync<JsonElement>("/api/admin/users?search=ann&status=active&page=2&limit=5");

        Assert.Equal(1, body.GetProperty("total").GetInt32());
        Assert.Equal("u1", body.GetProperty("users")[0].GetProperty("id").GetString());
        var sent = Assert.Single(services.To("GET", "/internal/users?"));
        Assert.Equal("/internal/users?search=ann&status=active&page=2&limit=5", sent.Path);
    }

    [Fact]
    public async Task GetUser_WhenMissing_ShouldAnswer404WithError()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var response = await app.AsAdmin().GetAsync("/api/admin/users/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("User not found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task OverrideSubscription_ShouldSetTheOverrideAsTheStaffMemberAndAnswerTheUpdatedUser()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("Admin:BillingApiKey", "billing-key-0123456789abcdef0123456789");

        var response = await app.AsAdmin().PutAsJsonAsync("/api/admin/users/u1/subscription",
            new { subscriptionStatus = "active", stripeCustomerId = "cus_1", reason = "goodwill" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Subscription updated successfully", body.GetProperty("message").GetString());
        Assert.Equal("active", body.GetProperty("user").GetProperty("subscriptionStatus").GetString());
        var put = Assert.Single(services.To("PUT", "/internal/billing/subscribers/u1/override"));
        Assert.Equal("billing-key-0123456789abcdef0123456789", put.Headers["X-Internal-Api-Key"]);
        var sent = JsonDocument.Parse(put.Body).RootElement;
        Assert.Equal("cus_1", sent.GetProperty("stripeCustomerId").GetString());
        Assert.Contains("staff-admin", sent.GetProperty("setBy").GetString());
    }

    [Fact]
    public async Task OverrideSubscription_WhenBillingIsDown_ShouldAnswer503AndAuditNothing()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("services:billing:http:0", StandInServices.DeadUrl());

        var response = await app.AsAdmin().PutAsJsonAsync("/api/admin/users/u1/subscription", new { subscriptionStatus = "active" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("billing", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log");
        Assert.Equal(0, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task OverrideSubscription_WhenIdentityIsDown_ShouldAnswer503WithoutTouchingBilling()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("services:identity:http:0", StandInServices.DeadUrl());

        var response = await app.AsAdmin().PutAsJsonAsync("/api/admin/users/u1/subscription", new { subscriptionStatus = "active" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(services.To("PUT", "/internal/billing"));
    }

    [Fact]
    public async Task ListUsers_WhenIdentityIsDown_ShouldAnswer503WithError()
    {
        await using var app = new AdminApp().WithServices(StandInServices.DeadUrl());

        var response = await app.AsSupport().GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("identity", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Reconcile_ShouldAnswerSuccessAndAuditBeforeAndAfter()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);

        var body = await (await app.Basic().PostAsync("/api/admin/users/u1/reconcile", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("Subscription reconciled", body.GetProperty("message").GetString());
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=user.reconcile")).GetProperty("entries")[0];
        Assert.Equal("basic:ops", entry.GetProperty("actorId").GetString());
        Assert.Equal("basic", entry.GetProperty("authMethod").GetString());
        Assert.Equal("none", entry.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("active", entry.GetProperty("after").GetProperty("status").GetString());
    }

    [Fact]
    public async Task GenerateToken_ShouldImpersonateThroughIdentityNamingTheStaffMemberAndAuditIt()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("Admin:IdentityApiKey", "identity-key-0123456789abcdef0123456789");
        var client = app.AsAdmin();
        client.DefaultRequestHeaders.Add("X-Request-Id", "req-impersonate-1");

        var body = await (await client.PostAsJsonAsync("/api/admin/generate-token", new { userId = "u1" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("impersonation-for-u1", body.GetProperty("token").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("refreshToken").ValueKind);
        var sent = Assert.Single(services.To("POST", "/internal/users/u1/impersonation-token"));
        Assert.Equal("identity-key-0123456789abcdef0123456789", sent.Headers["X-Internal-Api-Key"]);
        Assert.Contains("staff-admin@example.com", JsonDocument.Parse(sent.Body).RootElement.GetProperty("staff").GetString());
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=user.impersonate")).GetProperty("entries")[0];
        Assert.Equal("u1", entry.GetProperty("targetId").GetString());
        Assert.Equal("req-impersonate-1", entry.GetProperty("requestId").GetString());
        Assert.DoesNotContain("impersonation-for-u1", entry.GetRawText());
    }

    [Fact]
    public async Task GenerateToken_WithoutUserId_ShouldAnswer400()
    {
        await using var app = new AdminApp();

        var response = await app.AsAdmin().PostAsJsonAsync("/api/admin/generate-token", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("userId", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }
}
