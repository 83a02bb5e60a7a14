using System.Net;
using Saas.Contracts.Identity;

namespace Saas.Identity.Tests.Features.Accounts;

public sealed class DeleteAccountTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task DeleteAccount_WhenPasswordIsRight_ShouldRemoveEveryTraceAndPublishUserDeleted()
    {
        var account = await client.RegisterAsync();
        await client.LoginAsync(account.Email);
        await client.SendAsync(HttpMethod.Post, "/api/activity-log", new { action = "clicked" }, account.Token);

        var response = await client.SendAsync(HttpMethod.Delete, "/api/user/account", new { password = account.Password }, account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Account deleted successfully", (await response.JsonAsync()).Str("message"));
        var id = account.UserId;
        Assert.Null(await app.Store.Users.GetAsync(id));
        Assert.Equal(0, await app.Store.Sessions.CountAsync(s => s.UserId == id));
        Assert.Equal(0, await app.Store.RefreshTokens.CountAsync(t => t.UserId == id));
        Assert.Equal(0, await app.Store.Notifications.CountAsync(n => n.UserId == id));
        Assert.Equal(0, await app.Store.Activity.CountAsync(a => a.UserId == id));
        Assert.Equal(0, await app.Store.OneTimeTokens.CountAsync(t => t.UserId == id));
        var published = await app.WaitForPublishedAsync<UserDeleted>(m => m.UserId == id);
        Assert.NotNull(published);
        Assert.Equal(account.Email, published.Email);
        await (await client.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.SendAsync(HttpMethod.Post, "/api/auth/login", new { email = account.Email, password = account.Password }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeleteAccount_WhenPasswordIsWrong_ShouldAnswer400AndKeepTheAccount()
    {
        var account = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Delete, "/api/user/account", new { password = "not-my-password" }, account.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "password");
        Assert.NotNull(await app.Store.Users.GetAsync(account.UserId));
    }

    [Fact]
    public async Task DeleteAccount_WhenPasswordIsMissing_ShouldAnswer400()
    {
        var account = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Delete, "/api/user/account", token: account.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "password");
    }

    [Fact]
    public async Task DeleteAccount_WhenNotSignedIn_ShouldAnswer401()
    {
        var response = await client.SendAsync(HttpMethod.Delete, "/api/user/account", new { password = Api.Password });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
