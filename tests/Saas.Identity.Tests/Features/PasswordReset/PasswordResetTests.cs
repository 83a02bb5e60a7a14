using System.Net;
using System.Net.Http.Json;
using Saas.Identity.Tests.Features.Accounts;

namespace Saas.Identity.Tests.Features.PasswordReset;

public sealed class PasswordResetTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task PasswordReset_WhenTheMailedTokenIsUsed_ShouldSetThePasswordAndEndEverySession()
    {
        var account = await client.RegisterAsync();
        var token = await RequestResetTokenAsync(account.Email);

        var response = await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token, newPassword = "brand-new-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Password reset successfully", (await response.JsonAsync()).Str("message"));
        await (await client.PostAsJsonAsync("/api/auth/refresh-token", new { refreshToken = account.RefreshToken })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/auth/me", account.Token)).AssertErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password })).AssertErrorAsync(HttpStatusCode.Unauthorized);
        var signedIn = await client.LoginAsync(account.Email, "brand-new-password");
        var me = await (await client.GetAsync("/api/auth/me", signedIn.Token)).JsonAsync();
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(1, await app.Store.Activity.CountAsync(a => a.UserId == account.UserId && a.Action == "password_reset"));
    }

    [Fact]
    public async Task PasswordReset_WhenATokenIsUsedTwice_ShouldRefuseTheSecondUse()
    {
        var account = await client.RegisterAsync();
        var token = await RequestResetTokenAsync(account.Email);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token, newPassword = "first-new-password" })).StatusCode);

        var second = await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token, newPassword = "second-new-password" });

        await second.AssertErrorAsync(HttpStatusCode.BadRequest, "token");
        await client.LoginAsync(account.Email, "first-new-password");
    }

    [Fact]
    public async Task PasswordReset_WhenTheNewPasswordIsTooShort_ShouldAnswer400AndKeepTheTokenUsable()
    {
        var account = await client.RegisterAsync();
        var token = await RequestResetTokenAsync(account.Email);

        await (await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token, newPassword = "short" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "newPassword");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token, newPassword = "long-enough-now" })).StatusCode);
    }

    [Fact]
    public async Task PasswordResetRequest_WhenTheEmailIsUnknown_ShouldAnswerTheSameAndMailNothing()
    {
        var account = await client.RegisterAsync();
        var unknown = Api.NewEmail();

        var forKnown = await client.PostAsJsonAsync("/api/user/password-reset-request", new { email = account.Email });
        var forUnknown = await client.PostAsJsonAsync("/api/user/password-reset-request", new { email = unknown });

        Assert.Equal(HttpStatusCode.OK, forKnown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forUnknown.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());
        Assert.Equal("Password reset email sent", (await forUnknown.JsonAsync()).Str("message"));
        Assert.NotNull(await app.WaitForMailAsync(account.Email, "Reset"));
        Assert.Null(await app.WaitForMailAsync(unknown, "Reset", TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task PasswordResetRequest_WhenRequestedAgain_ShouldVoidTheEarlierToken()
    {
        var account = await client.RegisterAsync();
        var first = await RequestResetTokenAsync(account.Email);
        var second = await RequestResetTokenAsync(account.Email, skip: first);

        await (await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token = first, newPassword = "new-password-1" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "token");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token = second, newPassword = "new-password-2" })).StatusCode);
    }

    [Theory]
    [InlineData("{}", "email")]
    [InlineData("""{"email":"not-an-email"}""", "email")]
    [InlineData("""{"email":["a@example.com"]}""", "email")]
    public async Task PasswordResetRequest_WhenEmailIsMissingMalformedOrOfTheWrongType_ShouldAnswer400(string body, string field)
    {
        await (await client.SendRawAsync(HttpMethod.Post, "/api/user/password-reset-request", body)).AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"newPassword":"long-enough-pw"}""", "token")]
    [InlineData("""{"token":"whatever"}""", "newPassword")]
    [InlineData("""{"token":"not-a-token","newPassword":"long-enough-pw"}""", "token")]
    [InlineData("""{"token":true,"newPassword":"long-enough-pw"}""", "token")]
    public async Task PasswordResetConfirm_WhenAFieldIsMissingWrongOrUnknown_ShouldAnswer400(string body, string field)
    {
        await (await client.SendRawAsync(HttpMethod.Post, "/api/user/password-reset-confirm", body)).AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task PasswordResetConfirm_WhenTheTokenIsOlderThanAnHour_ShouldAnswer400()
    {
        await using var clocked = new IdentityApp().WithClock();
        var http = clocked.CreateClient();
        var account = await http.RegisterAsync();
        await http.PostAsJsonAsync("/api/user/password-reset-request", new { email = account.Email });
        var token = LoginTests.TokenIn((await clocked.WaitForMailAsync(account.Email, "Reset"))!.Text);
        clocked.Clock!.Advance(TimeSpan.FromMinutes(61));

        var response = await http.PostAsJsonAsync("/api/user/password-reset-confirm", new { token, newPassword = "too-late-password" });

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "token");
        await http.LoginAsync(account.Email);
    }

    private async Task<string> RequestResetTokenAsync(string email, string? skip = null)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/user/password-reset-request", new { email })).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var token = app.Mailbox.Messages.Where(m => m.To == email && m.Subject.Contains("Reset"))
                .Select(m => LoginTests.TokenIn(m.Text)).FirstOrDefault(t => t != skip);
            if (token is not null)
            {
                return token;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no reset mail for {email}");
    }
}
