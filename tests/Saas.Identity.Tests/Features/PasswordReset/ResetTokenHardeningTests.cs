using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Saas.Identity.Tests.Features.Accounts;

namespace Saas.Identity.Tests.Features.PasswordReset;

/// <summary>
/// Issue 15, finding 9 (reset tokens): a reset link worked for an hour, still worked after the account's e-mail or
/// password had changed, and nobody was told when a password changed.
/// </summary>
public sealed class ResetTokenHardeningTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task ResetLink_AfterTheEmailChanged_ShouldBeRefused()
    {
        var account = await client.RegisterAsync();
        var link = await RequestResetTokenAsync(app, client, account.Email); // e.g. read from the old, compromised inbox
        var changed = await client.SendAsync(HttpMethod.Put, "/api/user/profile",
            new { email = Api.NewEmail(), currentPassword = account.Password }, account.Token);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var response = await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token = link, newPassword = "attacker-password-1" });

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "token");
        await (await client.SendAsync(HttpMethod.Post, "/api/auth/login", new { email = account.Email, password = "attacker-password-1" }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ResetLink_AfterThePasswordChanged_ShouldBeRefused()
    {
        var account = await client.RegisterAsync();
        var link = await RequestResetTokenAsync(app, client, account.Email);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/user/password",
            new { currentPassword = account.Password, newPassword = "owner-new-password-1" }, account.Token)).StatusCode);

        var response = await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token = link, newPassword = "attacker-password-1" });

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "token");
        await client.LoginAsync(account.Email, "owner-new-password-1");
    }

    [Fact]
    public async Task ChangePassword_ShouldMailTheAccountThatItsPasswordChanged()
    {
        var account = await client.RegisterAsync();

        await client.SendAsync(HttpMethod.Put, "/api/user/password",
            new { currentPassword = account.Password, newPassword = "owner-new-password-1" }, account.Token);

        Assert.NotNull(await app.WaitForMailAsync(account.Email, "password was changed"));
    }

    [Fact]
    public async Task PasswordResetConfirm_ShouldMailTheAccountThatItsPasswordChanged()
    {
        var account = await client.RegisterAsync();
        var link = await RequestResetTokenAsync(app, client, account.Email);

        await client.PostAsJsonAsync("/api/user/password-reset-confirm", new { token = link, newPassword = "brand-new-password-1" });

        Assert.NotNull(await app.WaitForMailAsync(account.Email, "password was changed"));
    }

    [Fact]
    public async Task ResetLink_AfterTwentyMinutes_ShouldBeRefusedByDefault()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var timed = new IdentityApp().WithClock(clock);
        var http = timed.CreateClient();
        var account = await http.RegisterAsync();
        var link = await RequestResetTokenAsync(timed, http, account.Email);

        clock.Advance(TimeSpan.FromMinutes(21));
        var response = await http.PostAsJsonAsync("/api/user/password-reset-confirm", new { token = link, newPassword = "late-new-password-1" });

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "token");
        Assert.Contains("20 minutes", (await timed.WaitForMailAsync(account.Email, "Reset"))!.Text);
    }

    private static async Task<string> RequestResetTokenAsync(IdentityApp app, HttpClient client, string email)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/user/password-reset-request", new { email })).StatusCode);
        var mail = await app.WaitForMailAsync(email, "Reset");
        Assert.NotNull(mail);
        return LoginTests.TokenIn(mail.Text)!;
    }
}
