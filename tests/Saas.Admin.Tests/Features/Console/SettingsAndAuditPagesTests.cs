using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Console;

public sealed class SettingsAndAuditPagesTests
{
    [Fact]
    public async Task Settings_CreateEditDelete_ShouldChangeThePublicSettingsAndBeAudited()
    {
        await using var app = new AdminApp();
        var session = await ConsoleSession.SignedInAsync(app);

        using var created = await session.PostFormAsync("/admin/settings", "/admin/settings", new()
        {
            ["Form.Key"] = "maintenance", ["Form.Type"] = "boolean", ["Form.Value"] = "false", ["Form.IsPublic"] = "true",
            ["Form.Description"] = "Shows the maintenance banner",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("maintenance", await session.PageAsync("/admin/settings"));

        using var edited = await session.PostFormAsync("/admin/settings/maintenance?handler=Save", "/admin/settings/maintenance", new()
        {
            ["Form.Type"] = "boolean", ["Form.Value"] = "true", ["Form.IsPublic"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var setting = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/settings/public")).GetProperty("settings")[0];
        Assert.Equal("maintenance", setting.GetProperty("key").GetString());
        Assert.True(setting.GetProperty("value").GetBoolean());
        Assert.Equal("Shows the maintenance banner", setting.GetProperty("description").GetString());

        using var deleted = await session.PostFormAsync("/admin/settings/maintenance?handler=Delete", "/admin/settings/maintenance",
            new() { ["confirmDelete"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/settings/public")).GetProperty("settings").GetArrayLength());

        var audit = await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/audit-log?targetId=maintenance");
        Assert.Equal(new[] { "setting.delete", "setting.upsert", "setting.upsert" },
            audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray());
    }

    [Theory]
    [InlineData("number", "ten")]
    [InlineData("boolean", "yes")]
    [InlineData("json", "{not json")]
    public async Task Settings_WhenTheValueDoesNotFitTheType_ShouldSaySoAndSaveNothing(string type, string value)
    {
        await using var app = new AdminApp();
        var session = await ConsoleSession.SignedInAsync(app);

        using var response = await session.PostFormAsync("/admin/settings", "/admin/settings",
            new() { ["Form.Key"] = "limit", ["Form.Type"] = type, ["Form.Value"] = value });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing was saved", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await app.AsAdmin().GetAsync("/api/admin/settings/limit")).StatusCode);
    }

    [Fact]
    public async Task Settings_DeleteWithoutTicking_ShouldKeepTheSetting()
    {
        await using var app = new AdminApp();
        await app.AsAdmin().PutAsJsonAsync("/api/admin/settings/motd", new { value = "hello", type = "string" });
        var session = await ConsoleSession.SignedInAsync(app);

        using var response = await session.PostFormAsync("/admin/settings/motd?handler=Delete", "/admin/settings/motd", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.AsAdmin().GetAsync("/api/admin/settings/motd")).StatusCode);
    }

    [Fact]
    public async Task AuditLog_ShouldShowStaffActionsAndFilterThem()
    {
        await using var app = new AdminApp();
        await app.AsAdmin().PutAsJsonAsync("/api/admin/settings/motd", new { value = "hello", type = "string" });
        await app.AsAdmin().PutAsJsonAsync("/api/admin/settings/banner", new { value = "hi", type = "string" });
        var session = await ConsoleSession.SignedInAsync(app);

        var all = await session.PageAsync("/admin/audit");
        var filtered = await session.PageAsync("/admin/audit?targetId=banner");

        Assert.Contains("setting.upsert", all);
        Assert.Contains("motd", all);
        Assert.Contains("staff-admin@example.com", all);
        Assert.Contains("banner", filtered);
        Assert.DoesNotContain(">motd<", filtered);
    }
}
