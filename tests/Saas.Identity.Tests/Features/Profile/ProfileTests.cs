using System.Net;
using Saas.Contracts.Identity;

namespace Saas.Identity.Tests.Features.Profile;

public sealed class ProfileTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task UpdateProfile_WhenNameChanges_ShouldAnswerTheUpdatedUserAndLogIt()
    {
        var account = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { name = "New Name" }, account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Profile updated successfully", body.Str("message"));
        Assert.Equal("New Name", body.GetProperty("user").Str("name"));
        Assert.Equal("New Name", (await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync()).Str("name"));
        Assert.Equal(1, await app.Store.Activity.CountAsync(a => a.UserId == account.UserId && a.Action == "profile_updated"));
    }

    [Fact]
    public async Task UpdateProfile_WhenEmailChanges_ShouldUnverifyItMailANewLinkAndPublishUserEmailChanged()
    {
        var account = await client.RegisterAsync();
        var newEmail = Api.NewEmail();

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { email = newEmail.ToUpperInvariant(), currentPassword = account.Password }, account.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = (await response.JsonAsync()).GetProperty("user");
        Assert.Equal(newEmail, user.Str("email"));
        Assert.False(user.GetProperty("emailVerified").GetBoolean());
        var published = await app.WaitForPublishedAsync<UserEmailChanged>(m => m.UserId == account.UserId);
        Assert.NotNull(published);
        Assert.Equal(account.Email, published.OldEmail);
        Assert.Equal(newEmail, published.NewEmail);
        Assert.NotNull(await app.WaitForMailAsync(newEmail, "Confirm"));
        await client.LoginAsync(newEmail);
    }

    [Fact]
    public async Task UpdateProfile_WhenEmailBelongsToAnotherAccountInAnotherCase_ShouldAnswer409()
    {
        var taken = await client.RegisterAsync();
        var account = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { email = taken.Email.ToUpperInvariant(), currentPassword = account.Password }, account.Token);

        await response.AssertErrorAsync(HttpStatusCode.Conflict, "email");
        Assert.Equal(account.Email, (await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync()).Str("email"));
    }

    [Theory]
    [InlineData("""{"email":"nope"}""", "email")]
    [InlineData("""{"email":5}""", "email")]
    [InlineData("""{"name":{"first":"A"}}""", "name")]
    public async Task UpdateProfile_WhenAFieldIsMalformedOrOfTheWrongType_ShouldAnswer400NamingIt(string body, string field)
    {
        var account = await client.RegisterAsync();

        var response = await client.SendRawAsync(HttpMethod.Put, "/api/user/profile", body, account.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task UpdateProfile_WhenNotSignedIn_ShouldAnswer401()
    {
        await (await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { name = "x" })).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }
}
