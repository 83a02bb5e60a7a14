using System.Net;

namespace Saas.Identity.Tests.Features.Profile;

/// <summary>
/// Issue 15, finding 4: a stolen 15-minute access token could change the account's e-mail with no password and no
/// word to anyone, then take the account for good through a password reset. The change now needs the current
/// password, is refused to impersonation tokens, and the old address is told.
/// </summary>
public sealed class EmailChangeTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task UpdateProfile_WhenAStolenTokenChangesTheEmailWithoutThePassword_ShouldRefuseAndKeepTheEmail()
    {
        var victim = await client.RegisterAsync();
        var attackerEmail = Api.NewEmail();

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { email = attackerEmail }, victim.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "currentPassword");
        await AssertEmailIsAsync(victim, victim.Email);
        // And the reset the attacker wanted goes nowhere near them.
        await client.SendAsync(HttpMethod.Post, "/api/user/password-reset-request", new { email = attackerEmail });
        Assert.Null(await app.WaitForMailAsync(attackerEmail, "reset", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task UpdateProfile_WhenTheCurrentPasswordIsWrong_ShouldRefuseAndKeepTheEmail()
    {
        var victim = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/profile",
            new { email = Api.NewEmail(), currentPassword = "a-guess-123" }, victim.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "currentPassword");
        await AssertEmailIsAsync(victim, victim.Email);
    }

    [Fact]
    public async Task UpdateProfile_WhenAnImpersonationTokenChangesTheEmail_ShouldAnswer403()
    {
        var victim = await client.RegisterAsync();
        var issued = await client.SendAsync(HttpMethod.Post, $"/internal/users/{victim.UserId}/impersonation-token", new { staff = "alice@staff" });
        var impersonation = (await issued.JsonAsync()).Str("token");

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/profile",
            new { email = Api.NewEmail(), currentPassword = victim.Password }, impersonation);

        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "email");
        await AssertEmailIsAsync(victim, victim.Email);
    }

    [Fact]
    public async Task UpdateProfile_WhenTheOwnerChangesTheEmailWithThePassword_ShouldChangeItAndTellTheOldAddress()
    {
        var owner = await client.RegisterAsync();
        var newEmail = Api.NewEmail();

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { email = newEmail, currentPassword = owner.Password }, owner.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = await app.WaitForMailAsync(owner.Email, "changed");
        Assert.NotNull(notice);
        Assert.Contains(newEmail, notice.Text);
        Assert.NotNull(await app.WaitForMailAsync(newEmail, "Confirm"));
    }

    [Fact]
    public async Task UpdateProfile_WhenOnlyTheNameChanges_ShouldNotNeedThePassword()
    {
        var owner = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { name = "Renamed", email = owner.Email }, owner.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertEmailIsAsync(Account account, string email) =>
        Assert.Equal(email, (await app.Store.Users.GetAsync(account.UserId))!.Email);
}
