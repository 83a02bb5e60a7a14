using System.Net;

namespace Saas.Identity.Tests.Features.Notifications;

public sealed class NotificationsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task GetNotifications_WhenJustRegistered_ShouldHoldTheWelcomeInSaasBackendShape()
    {
        var account = await client.RegisterAsync();

        var response = await client.GetAsync("/api/notifications", account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notification = Assert.Single((await response.JsonAsync()).GetProperty("notifications").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(notification.Str("_id")));
        Assert.Equal(account.UserId, notification.Str("userId"));
        Assert.Equal("info", notification.Str("type"));
        Assert.Equal("Welcome!", notification.Str("title"));
        Assert.False(string.IsNullOrEmpty(notification.Str("message")));
        Assert.False(notification.GetProperty("read").GetBoolean());
        Assert.EndsWith("Z", notification.Str("createdAt"));
    }

    [Fact]
    public async Task MarkRead_WhenTheNotificationIsTheUsers_ShouldMarkIt()
    {
        var account = await client.RegisterAsync();
        var id = (await (await client.GetAsync("/api/notifications", account.Token)).JsonAsync()).GetProperty("notifications")[0].Str("_id");

        var response = await client.SendAsync(HttpMethod.Put, $"/api/notifications/{id}/read", token: account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Notification marked as read", (await response.JsonAsync()).Str("message"));
        var after = (await (await client.GetAsync("/api/notifications", account.Token)).JsonAsync()).GetProperty("notifications")[0];
        Assert.True(after.GetProperty("read").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, $"/api/notifications/{id}/read", token: account.Token)).StatusCode);
    }

    [Fact]
    public async Task MarkRead_WhenTheNotificationIsSomeoneElsesOrUnknown_ShouldAnswer404AndChangeNothing()
    {
        var owner = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        var id = (await (await client.GetAsync("/api/notifications", owner.Token)).JsonAsync()).GetProperty("notifications")[0].Str("_id");

        await (await client.SendAsync(HttpMethod.Put, $"/api/notifications/{id}/read", token: other.Token)).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await client.SendAsync(HttpMethod.Put, "/api/notifications/000000000000000000000000/read", token: other.Token)).AssertErrorAsync(HttpStatusCode.NotFound);

        Assert.False((await app.Store.Notifications.GetAsync(id))!.Read);
    }

    [Fact]
    public async Task GetNotifications_WhenPagingIsMalformed_ShouldAnswer400NamingTheParameter()
    {
        var account = await client.RegisterAsync();

        await (await client.GetAsync("/api/notifications?limit=abc", account.Token)).AssertErrorAsync(HttpStatusCode.BadRequest, "limit");
        await (await client.GetAsync("/api/notifications?page=0", account.Token)).AssertErrorAsync(HttpStatusCode.BadRequest, "page");
    }

    [Fact]
    public async Task Notifications_WhenNotSignedIn_ShouldAnswer401()
    {
        await (await client.GetAsync("/api/notifications")).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.SendAsync(HttpMethod.Put, "/api/notifications/x/read")).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
