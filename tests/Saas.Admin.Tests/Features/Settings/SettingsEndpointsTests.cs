using System.Net.Http.Json;
using System.Text.Json;
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
}
