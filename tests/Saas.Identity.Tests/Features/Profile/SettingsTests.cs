using System.Net;
using System.Text.Json;

namespace Saas.Identity.Tests.Features.Profile;

public sealed class SettingsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task GetSettings_WhenNoneWereSaved_ShouldAnswerAnEmptyObject()
    {
        var account = await client.RegisterAsync();

        var response = await client.GetAsync("/api/user/settings", account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.JsonAsync()).GetProperty("settings").EnumerateObject());
    }

    [Fact]
    public async Task UpdateSettings_WhenCalledTwice_ShouldMergeTheKeysAndKeepTheirTypes()
    {
        var account = await client.RegisterAsync();
        await client.SendAsync(HttpMethod.Put, "/api/user/settings", new { theme = "dark", notifications = true }, account.Token);

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/settings", new { customKey = "customValue", size = 3, nested = new { a = new[] { 1, 2 } } }, account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Settings updated successfully", (await response.JsonAsync()).Str("message"));
        var settings = (await (await client.GetAsync("/api/user/settings", account.Token)).JsonAsync()).GetProperty("settings");
        Assert.Equal("dark", settings.Str("theme"));
        Assert.True(settings.GetProperty("notifications").GetBoolean());
        Assert.Equal("customValue", settings.Str("customKey"));
        Assert.Equal(3, settings.GetProperty("size").GetInt32());
        Assert.Equal(2, settings.GetProperty("nested").GetProperty("a")[1].GetInt32());
        var me = await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync();
        Assert.Equal("dark", me.GetProperty("settings").Str("theme"));
        Assert.Equal(2, await app.Store.Activity.CountAsync(a => a.UserId == account.UserId && a.Action == "settings_updated"));
    }

    [Theory]
    [InlineData("""{"$set":1}""", "$set")]
    [InlineData("""{"a.b":1}""", "a.b")]
    public async Task UpdateSettings_WhenANameIsUnsafe_ShouldAnswer400NamingIt(string body, string field)
    {
        var account = await client.RegisterAsync();

        var response = await client.SendRawAsync(HttpMethod.Put, "/api/user/settings", body, account.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"theme\":")]
    public async Task UpdateSettings_WhenBodyIsNotAJsonObject_ShouldAnswer400(string body)
    {
        var account = await client.RegisterAsync();

        var response = await client.SendRawAsync(HttpMethod.Put, "/api/user/settings", body, account.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UpdateSettings_WhenBodyIsOversized_ShouldAnswer413()
    {
        var account = await client.RegisterAsync();

        var response = await client.SendRawAsync(HttpMethod.Put, "/api/user/settings",
            JsonSerializer.Serialize(new { big = new string('x', 20_000) }), account.Token);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Settings_WhenNotSignedIn_ShouldAnswer401()
    {
        await (await client.GetAsync("/api/user/settings")).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.SendAsync(HttpMethod.Put, "/api/user/settings", new { theme = "dark" })).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
