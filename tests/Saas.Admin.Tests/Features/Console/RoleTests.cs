using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Console;

/// <summary>Support reads users and events and replays; everything else is refused by the server, not only hidden.</summary>
public sealed class RoleTests
{
    private static Task<ConsoleSession> SupportAsync(AdminApp app) =>
        ConsoleSession.SignedInAsync(app, "support@example.com", "support password 1");

    [Fact]
    public async Task Support_ShouldSeeUsersWithoutTheAdminActions()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await SupportAsync(app);

        var html = await session.PageAsync("/admin/users/u1");

        Assert.Contains("u1@example.com", html);
        Assert.DoesNotContain("Set override", html);
        Assert.DoesNotContain("Impersonate", html);
    }

    [Theory]
    [InlineData("Override")]
    [InlineData("ClearOverride")]
    [InlineData("Reconcile")]
    [InlineData("Impersonate")]
    public async Task Support_PostingAnAdminAction_ShouldBeRefusedWith403AndChangeNothing(string handler)
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await SupportAsync(app);

        using var response = await session.PostFormAsync($"/admin/users/u1?handler={handler}", "/admin/users/u1",
            new() { ["status"] = "active", ["reason"] = "sneaky" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(services.To("PUT", "/internal/billing"));
        Assert.Empty(services.To("DELETE", "/internal/billing"));
        Assert.Empty(services.To("POST", "/internal/"));
        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?targetId=u1");
        Assert.Equal(0, audit.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("/admin/settings")]
    [InlineData("/admin/audit")]
    public async Task Support_OpeningAnAdminPage_ShouldBeRefusedWith403(string path)
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await SupportAsync(app);

        using var response = await session.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Your role may not do this", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Support_CreatingASetting_ShouldBeRefusedAndSaveNothing()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await SupportAsync(app);
        var token = ConsoleSession.Token(await session.PageAsync("/admin/users"));

        using var response = await session.Client.PostAsync("/admin/settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Form.Key"] = "sneaky", ["Form.Type"] = "string", ["Form.Value"] = "x",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.AsAdmin().GetAsync("/api/admin/settings/sneaky")).StatusCode);
    }

    [Fact]
    public async Task Support_ShouldReplayAnEventAndBeAuditedAsSupport()
    {
        await using var services = await StandInServices.StartAsync();
        await using var app = new AdminApp().WithServices(services.Url);
        var session = await SupportAsync(app);

        using var response = await session.PostFormAsync("/admin/webhooks/e1?handler=Replay", "/admin/webhooks/e1?confirm=replay",
            new() { ["reason"] = "customer asked" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = (await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=webhook.replay")).GetProperty("entries")[0];
        Assert.Equal("user-support", entry.GetProperty("actorId").GetString());
        Assert.Equal("support@example.com", entry.GetProperty("actorEmail").GetString());
        Assert.Equal("support", entry.GetProperty("role").GetString());
    }
}
