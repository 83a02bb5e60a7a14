using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Console;

public sealed class UserPagesTests
{
    [Fact]
    public async Task Users_ShouldListWhatIdentityFindsAndPassTheSearchAndFilter()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        var html = await session.PageAsync("/admin/users?search=ann&status=active&p=2");

        Assert.Contains("u1@example.com", html);
        Assert.Contains("href=\"/admin/users/u1\"", html);
        Assert.Contains(services.Requests, r => r.Path == "/internal/users?search=ann&status=active&page=2&limit=20");
        // One user in all: the pager leads back to page 1 with the same search and filter, and no further.
        Assert.Contains("Page 2 of 1", html);
        Assert.Contains("<a href=\"/admin/users?search=ann&amp;status=active&amp;p=1\">Previous</a>", html);
        Assert.DoesNotContain(">Next</a>", html);
    }

    [Fact]
    public async Task UserDetail_ShouldShowTheAccountAndBillingsSubscription()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        var html = await session.PageAsync("/admin/users/u1");

        Assert.Contains("u1@example.com", html);
        Assert.Contains("Stripe's status", html);
        Assert.Contains("Set override", html);
        Assert.Contains(services.Requests, r => r.Path == "/internal/billing/subscribers/u1/subscription");
    }

    [Fact]
    public async Task Override_FromTheConsole_ShouldSetItInBillingAndAuditItAsTheOperator()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        using var response = await session.PostFormAsync("/admin/users/u1?handler=Override", "/admin/users/u1",
            new() { ["status"] = "active", ["planId"] = "pro", ["reason"] = "goodwill" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Override set to active", await session.PageAsync(response.Headers.Location!.OriginalString));
        var put = Assert.Single(services.To("PUT", "/internal/billing/subscribers/u1/override"));
        var sent = JsonDocument.Parse(put.Body).RootElement;
        Assert.Equal("active", sent.GetProperty("subscriptionStatus").GetString());
        Assert.Equal("goodwill", sent.GetProperty("reason").GetString());
        Assert.Equal("basic:ops", sent.GetProperty("setBy").GetString());
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=user.subscription.override")).GetProperty("entries")[0];
        Assert.Equal("basic:ops", entry.GetProperty("actorId").GetString());
        Assert.Equal("admin", entry.GetProperty("role").GetString());
        Assert.Equal("console-basic", entry.GetProperty("authMethod").GetString());
        Assert.Equal("u1", entry.GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task Override_WithoutTheAntiforgeryToken_ShouldBeRefusedAndChangeNothing()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        using var response = await session.Client.PostAsync("/admin/users/u1?handler=Override",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "active", ["reason"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(services.To("PUT", "/internal/billing"));
    }

    [Fact]
    public async Task ReconcileAndClearOverride_FromTheConsole_ShouldCallBillingAndBeAudited()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        using var reconciled = await session.PostFormAsync("/admin/users/u1?handler=Reconcile", "/admin/users/u1", []);
        using var cleared = await session.PostFormAsync("/admin/users/u1?handler=ClearOverride", "/admin/users/u1", []);

        Assert.Equal(HttpStatusCode.Redirect, reconciled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Single(services.To("POST", "/internal/billing/subscribers/u1/reconcile"));
        Assert.Single(services.To("DELETE", "/internal/billing/subscribers/u1/override"));
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?targetId=u1");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("user.reconcile", actions);
        Assert.Contains("user.subscription.clear_override", actions);
    }

    [Fact]
    public async Task Impersonate_FromTheConsole_ShouldShowTheShortLivedTokenOnceAndAuditWithoutIt()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await ConsoleSession.SignedInAsync(app);

        using var response = await session.PostFormAsync("/admin/users/u1?handler=Impersonate", "/admin/users/u1", []);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("impersonation-for-u1", html);
        Assert.Contains("no refresh token", html);
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=user.impersonate")).GetProperty("entries")[0];
        Assert.Equal("u1", entry.GetProperty("targetId").GetString());
        Assert.DoesNotContain("impersonation-for-u1", entry.GetRawText());
        Assert.DoesNotContain("impersonation-for-u1", await session.PageAsync("/admin/users/u1"));
    }

    [Fact]
    public async Task Users_WhenIdentityIsDown_ShouldSayWhichServiceIsUnavailable()
    {
        await using var app = new AdminApp().WithServices(StandInServices.DeadUrl());
        var session = await ConsoleSession.SignedInAsync(app);

        var html = await session.PageAsync("/admin/users");

        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("The identity service is unavailable; nothing was changed", html);
    }

    [Fact]
    public async Task Override_WhenBillingIsDown_ShouldSayItAndAuditNothing()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url).With("services:billing:http:0", StandInServices.DeadUrl());
        var session = await ConsoleSession.SignedInAsync(app);

        using var response = await session.PostFormAsync("/admin/users/u1?handler=Override", "/admin/users/u1",
            new() { ["status"] = "active", ["reason"] = "goodwill" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The billing service is unavailable; nothing was changed", await response.Content.ReadAsStringAsync());
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=user.subscription.override");
        Assert.Equal(0, audit.GetProperty("total").GetInt32());
    }
}
