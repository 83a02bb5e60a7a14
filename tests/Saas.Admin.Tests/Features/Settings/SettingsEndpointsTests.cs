using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Saas.Admin.Features.Settings;
using Saas.Storage;

namespace Saas.Admin.Tests.Features.Settings;

public sealed class SettingsEndpointsTests
{
    [Fact]
    public async Task GetPublicSettings_WhenSomeSettingsArePrivate_ShouldListOnlyThePublicOnes()
    {
        await using var app = new AdminApp();
        var client = app.CreateClient();
        var settings = app.Services.GetRequiredService<IDocumentStore>().Collection<GlobalSetting>(GlobalSetting.CollectionName);
        await settings.InsertAsync(new GlobalSetting { Key = "maintenance", Value = "off", IsPublic = true, Description = "banner" });
        await settings.InsertAsync(new GlobalSetting { Key = "stripe_note", Value = "internal", IsPublic = false });

        var body = await client.GetFromJsonAsync<JsonElement>("/api/settings/public");

        var listed = body.GetProperty("settings").EnumerateArray().ToList();
        var only = Assert.Single(listed);
        Assert.Equal("maintenance", only.GetProperty("key").GetString());
        Assert.Equal("off", only.GetProperty("value").GetString());
    }

    [Fact]
    public async Task GetPublicSettings_WhenNoneExist_ShouldAnswerAnEmptyList()
    {
        await using var app = new AdminApp();

        var body = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/settings/public");

        Assert.Empty(body.GetProperty("settings").EnumerateArray());
    }

    [Fact]
    public async Task GetPublicSettings_WhenAnotherReplicaChangedASetting_ShouldShowItOnceTheCachedCopyExpires()
    {
        var clock = new ManualClock();
        await using var app = new AdminApp();
        using var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = factory.CreateClient();
        var settings = factory.Services.GetRequiredService<IDocumentStore>().Collection<GlobalSetting>(GlobalSetting.CollectionName);
        var response = await client.GetAsync("/api/settings/public");
        Assert.Equal("public, max-age=5", response.Headers.CacheControl?.ToString());

        // Written straight to the store, as another admin replica would.
        await settings.InsertAsync(new GlobalSetting { Key = "banner", Value = "hello", IsPublic = true });
        var cached = await client.GetFromJsonAsync<JsonElement>("/api/settings/public");
        clock.Advance(PublicSettingsCache.Lifetime);
        var fresh = await client.GetFromJsonAsync<JsonElement>("/api/settings/public");

        Assert.Empty(cached.GetProperty("settings").EnumerateArray());
        Assert.Equal("banner", Assert.Single(fresh.GetProperty("settings").EnumerateArray()).GetProperty("key").GetString());
    }

    [Fact]
    public async Task GetPublicSettings_AfterAStaffMemberSavesASettingHere_ShouldShowItAtOnce()
    {
        var clock = new ManualClock();
        await using var app = new AdminApp();
        using var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var before = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/settings/public");
        var staff = factory.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{AdminApp.Username}:{AdminApp.Password}")));

        var saved = await staff.PutAsJsonAsync("/api/admin/settings/banner", new { value = "hi", type = "string", isPublic = true });
        var after = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/settings/public");

        saved.EnsureSuccessStatusCode();
        Assert.Empty(before.GetProperty("settings").EnumerateArray());
        Assert.Equal("hi", Assert.Single(after.GetProperty("settings").EnumerateArray()).GetProperty("value").GetString());
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
