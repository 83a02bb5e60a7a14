using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Admin.Tests.Features.Settings;

/// <summary>saasbackend's <c>POST /api/admin/settings</c>.</summary>
public sealed class CreateSettingTests
{
    [Fact]
    public async Task Create_ShouldAnswer201WithSaasBackendsShapeStoreTheTypedValueAndAuditIt()
    {
        await using var app = new AdminApp();
        var client = app.AsAdmin();

        var response = await client.PostAsJsonAsync("/api/admin/settings",
            new { key = "max_projects", value = "25", type = "number", description = "Projects per account", @public = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/admin/settings/max_projects", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(created.GetProperty("id").GetString(), created.GetProperty("_id").GetString());
        Assert.Equal(("max_projects", 25, "number", "Projects per account", true),
            (created.GetProperty("key").GetString(), created.GetProperty("value").GetInt32(), created.GetProperty("type").GetString(),
             created.GetProperty("description").GetString(), created.GetProperty("public").GetBoolean()));
        var shown = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/settings/public")).GetProperty("settings")[0];
        Assert.Equal(25, shown.GetProperty("value").GetInt32());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/admin/audit-log?action=setting.create")).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task Create_WhenTheKeyExists_ShouldAnswer409AndKeepTheValue()
    {
        await using var app = new AdminApp();
        var client = app.AsAdmin();
        await client.PostAsJsonAsync("/api/admin/settings", new { key = "banner", value = "hello", type = "string", description = "d" });

        var again = await client.PostAsJsonAsync("/api/admin/settings", new { key = "banner", value = "bye", type = "string", description = "d" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Setting with key 'banner' already exists.", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal("hello", (await client.GetFromJsonAsync<JsonElement>("/api/admin/settings/banner")).GetProperty("setting").GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("""{ "value": "x", "type": "string", "description": "d" }""", "key, value, type, and description are required", "key")]
    [InlineData("""{ "key": "k", "type": "string", "description": "d" }""", "key, value, type, and description are required", "value")]
    [InlineData("""{ "key": "k", "value": "x", "type": "string" }""", "key, value, type, and description are required", "description")]
    [InlineData("""{ "key": "k", "value": "x", "type": "encrypted", "description": "d" }""", "type must be one of string, number, boolean, json", "type")]
    [InlineData("""{ "key": "k", "value": "ten", "type": "number", "description": "d" }""", "value does not match type 'number'", "value")]
    [InlineData("""{ "key": "bad key!", "value": "x", "type": "string", "description": "d" }""", "key must be 1-100 letters, digits, '_', '-', '.' or ':'", "key")]
    public async Task Create_WhenInputIsBad_ShouldAnswer400NamingItAndStoreNothing(string json, string error, string field)
    {
        await using var app = new AdminApp();
        var client = app.AsAdmin();

        var response = await client.PostAsync("/api/admin/settings", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((error, field), (body.GetProperty("error").GetString(), body.GetProperty("field").GetString()));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/admin/settings")).GetProperty("settings").EnumerateArray());
    }

    [Fact]
    public async Task Create_WhenNotAdmin_ShouldRefuseAndStoreNothing()
    {
        await using var app = new AdminApp();
        var setting = new { key = "k", value = "x", type = "string", description = "d" };

        var anonymous = await app.CreateClient().PostAsJsonAsync("/api/admin/settings", setting);
        var support = await app.AsSupport().PostAsJsonAsync("/api/admin/settings", setting);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, support.StatusCode);
        Assert.Empty((await app.AsAdmin().GetFromJsonAsync<JsonElement>("/api/admin/settings")).GetProperty("settings").EnumerateArray());
    }
}
