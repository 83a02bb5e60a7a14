using System.Net;
using System.Text.Json;

namespace Saas.Identity.Tests.Features.Activity;

public sealed class ActivityLogTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task PostActivity_WhenActionAndDetailsAreGiven_ShouldAnswer201WithTheLog()
    {
        var account = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Post, "/api/activity-log",
            new { action = "profile_updated", details = new { field = "name", count = 2 } }, account.Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Activity logged", body.Str("message"));
        var log = body.GetProperty("log");
        Assert.False(string.IsNullOrEmpty(log.Str("_id")));
        Assert.Equal(account.UserId, log.Str("userId"));
        Assert.Equal("profile_updated", log.Str("action"));
        Assert.Equal("name", log.GetProperty("details").Str("field"));
        Assert.Equal(2, log.GetProperty("details").GetProperty("count").GetInt32());
        Assert.EndsWith("Z", log.Str("createdAt"));
    }

    [Fact]
    public async Task GetActivity_WhenThereAreSeveralEntries_ShouldPageThemNewestFirst()
    {
        var account = await client.RegisterAsync();
        for (var i = 1; i <= 5; i++)
        {
            await client.SendAsync(HttpMethod.Post, "/api/activity-log", new { action = $"step-{i}" }, account.Token);
        }

        var first = await (await client.GetAsync("/api/activity-log?page=1&limit=2", account.Token)).JsonAsync();
        var second = await (await client.GetAsync("/api/activity-log?page=2&limit=2", account.Token)).JsonAsync();
        var stored = await client.GetAsync("/api/activity-log", account.Token);

        Assert.Equal(["step-5", "step-4"], Actions(first));
        Assert.Equal(["step-3", "step-2"], Actions(second));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(5, Actions(await stored.JsonAsync()).Length);
    }

    [Fact]
    public async Task GetActivity_WhenTheUserSignsInAndOut_ShouldHoldEntriesWrittenByIdentity()
    {
        var account = await client.RegisterAsync();
        var session = await client.LoginAsync(account.Email);
        await client.SendAsync(HttpMethod.Post, "/api/auth/logout", token: session.Token);

        var actions = Actions(await (await client.GetAsync("/api/activity-log", account.Token)).JsonAsync());

        Assert.Equal(["logout", "login"], actions);
    }

    [Fact]
    public async Task GetActivity_WhenAnotherUserLogged_ShouldNotShowTheirEntries()
    {
        var mine = await client.RegisterAsync();
        var theirs = await client.RegisterAsync();
        await client.SendAsync(HttpMethod.Post, "/api/activity-log", new { action = "secret" }, theirs.Token);

        Assert.Empty(Actions(await (await client.GetAsync("/api/activity-log", mine.Token)).JsonAsync()));
    }

    [Theory]
    [InlineData("{}", "action")]
    [InlineData("""{"action":42}""", "action")]
    [InlineData("""{"action":"x","details":"not an object"}""", "details")]
    [InlineData("""{"action":"x","details":[1]}""", "details")]
    public async Task PostActivity_WhenAFieldIsMissingOrOfTheWrongType_ShouldAnswer400NamingIt(string body, string field)
    {
        var account = await client.RegisterAsync();

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/activity-log", body, account.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task PostActivity_WhenBodyIsOversizedOrMalformed_ShouldAnswerAnError()
    {
        var account = await client.RegisterAsync();

        var big = JsonSerializer.Serialize(new { action = "x", details = new { blob = new string('x', 20_000) } });
        await (await client.SendRawAsync(HttpMethod.Post, "/api/activity-log", big, account.Token)).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await client.SendRawAsync(HttpMethod.Post, "/api/activity-log", "{\"action\":", account.Token)).AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?page=-1", "page")]
    public async Task GetActivity_WhenPagingIsOutOfRange_ShouldAnswer400NamingTheParameter(string query, string field)
    {
        var account = await client.RegisterAsync();

        await (await client.GetAsync($"/api/activity-log{query}", account.Token)).AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Activity_WhenNotSignedIn_ShouldAnswer401()
    {
        await (await client.GetAsync("/api/activity-log")).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.SendAsync(HttpMethod.Post, "/api/activity-log", new { action = "x" })).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    private static string[] Actions(JsonElement body) =>
        [.. body.GetProperty("logs").EnumerateArray().Select(l => l.Str("action"))];
}
