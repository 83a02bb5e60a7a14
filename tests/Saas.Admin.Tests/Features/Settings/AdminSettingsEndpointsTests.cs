using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Settings;

public sealed class AdminSettingsEndpointsTests
{
    [Fact]
    public async Task PutSetting_ThenReadListAndPublic_ShouldShowItEverywhereAndAuditTheChange()
    {
        await using var app = new AdminApp();
        var client = app.AsAdmin();

        await client.PutAsJsonAsync("/api/admin/settings/maintenance", new { value = false, type = "boolean", isPublic = true, description = "banner" });
        var updated = await client.PutAsJsonAsync("/api/admin/settings/maintenance", new { value = true, type = "boolean" });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var one = await client.GetFromJsonAsync<JsonElement>("/api/admin/settings/maintenance");
        Assert.True(one.GetProperty("setting").GetProperty("value").GetBoolean());
        Assert.True(one.GetProperty("setting").GetProperty("isPublic").GetBoolean());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/admin/settings")).GetProperty("settings").EnumerateArray());
        var shown = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/settings/public")).GetProperty("settings")[0];
        Assert.True(shown.GetProperty("value").GetBoolean());
        var entry = (await client.GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=setting.upsert")).GetProperty("entries")[0];
        Assert.False(entry.GetProperty("before").GetProperty("value").GetBoolean());
        Assert.True(entry.GetProperty("after").GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task ListAndGet_ShouldNameEachSettingWithSaasBackendsIdAndPublicBesideOurs()
    {
        await using var app = new AdminApp();
        var client = app.AsAdmin();
        await client.PutAsJsonAsync("/api/admin/settings/maintenance", new { value = true, type = "boolean", isPublic = true });

        var row = (await client.GetFromJsonAsync<JsonElement>("/api/admin/settings")).GetProperty("settings")[0];
        var one = (await client.GetFromJsonAsync<JsonElement>("/api/admin/settings/maintenance")).GetProperty("setting");

        foreach (var setting in new[] { row, one })
        {
            Assert.False(string.IsNullOrEmpty(setting.GetProperty("_id").GetString()));
            Assert.Equal(setting.GetProperty("_id").GetString(), setting.GetProperty("id").GetString());
            Assert.True(setting.GetProperty("public").GetBoolean());
            Assert.True(setting.GetProperty("isPublic").GetBoolean());
            Assert.Equal("maintenance", setting.GetProperty("key").GetString());
        }
    }

    [Fact]
    public async Task PutSetting_WhenValueDoesNotMatchType_ShouldAnswer400()
    {
        await using var app = new AdminApp();

        var response = await app.AsAdmin().PutAsJsonAsync("/api/admin/settings/limit", new { value = "ten", type = "number" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("value", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task DeleteSetting_ShouldRemoveItThenAnswer404()
    {
        await using var app = new AdminApp();
        var client = app.AsAdmin();
        await client.PutAsJsonAsync("/api/admin/settings/note", new { value = "x" });

        var deleted = await client.DeleteAsync("/api/admin/settings/note");
        var again = await client.DeleteAsync("/api/admin/settings/note");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/admin/settings/note")).StatusCode);
    }
}
