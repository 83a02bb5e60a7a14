using System.Net;
using System.Text.RegularExpressions;
using Saas.Identity.Features.Mail;

namespace Saas.Identity.Tests.Security;

/// <summary>
/// Issue 15, finding 9: <c>PUT /api/user/profile</c> answered 409 when the new e-mail had an account, so any signed-in
/// user could test which addresses are registered. With <c>Identity:RequireVerifiedEmail</c> the change is confirmed
/// from the new address first, a taken address gets the very same answer (its owner a notice) and nothing changes;
/// seed 000's default (immediate change) keeps saasbackend's 409, like register (<c>ProfileTests</c>).
/// </summary>
public sealed partial class EmailChangeEnumerationTests
{
    [Fact]
    public async Task UpdateProfile_ToATakenAddress_WhenVerificationIsRequired_ShouldAnswerAsForAFreeOneAndChangeNothing()
    {
        await using var app = new IdentityApp().With("Identity:RequireVerifiedEmail", "true");
        var client = app.CreateClient();
        var victim = await VerifiedAccountAsync(app, client);
        var attacker = await VerifiedAccountAsync(app, client);
        var free = Api.NewEmail();

        var probe = await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { email = victim.Email, currentPassword = attacker.Password }, attacker.Token);
        var control = await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { email = free, currentPassword = attacker.Password }, attacker.Token);

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(control.StatusCode, probe.StatusCode);
        Assert.Equal(WithoutClock(await control.Content.ReadAsStringAsync()), WithoutClock(await probe.Content.ReadAsStringAsync()));
        Assert.Equal(attacker.Email, (await probe.JsonAsync()).GetProperty("user").Str("email"));
        Assert.NotNull(await app.WaitForMailAsync(victim.Email, "tried to use your e-mail address"));
        Assert.NotNull(await app.WaitForMailAsync(free, "Confirm your new e-mail address"));
        Assert.Equal(1, await app.Store.Users.CountAsync(u => u.Email == victim.Email));
        Assert.Equal(attacker.Email, (await app.Store.Users.GetAsync(attacker.UserId))!.Email);
        Assert.DoesNotContain(app.Mailbox.Messages, m => m.To == victim.Email && m.Subject.Contains("Confirm your new", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PendingEmailChange_WhenTheNewAddressConfirms_ShouldChangeTheAddressAndTellTheOldOne()
    {
        await using var app = new IdentityApp().With("Identity:RequireVerifiedEmail", "true");
        var client = app.CreateClient();
        var owner = await VerifiedAccountAsync(app, client);
        var newEmail = Api.NewEmail();
        await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { email = newEmail, currentPassword = owner.Password }, owner.Token);
        var link = await app.WaitForMailAsync(newEmail, "Confirm your new e-mail address");

        var confirmed = await client.SendAsync(HttpMethod.Post, "/api/auth/verify-email", new { token = TokenIn(link!) });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var user = (await app.Store.Users.GetAsync(owner.UserId))!;
        Assert.Equal(newEmail, user.Email);
        Assert.True(user.EmailVerified);
        Assert.NotNull(await app.WaitForMailAsync(owner.Email, "was changed"));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/auth/login", new { email = newEmail, password = owner.Password })).StatusCode);
    }

    [Fact]
    public async Task PendingEmailChange_WhenTheAddressWasTakenBeforeConfirming_ShouldRefuseTheLinkAndChangeNothing()
    {
        await using var app = new IdentityApp().With("Identity:RequireVerifiedEmail", "true");
        var client = app.CreateClient();
        var owner = await VerifiedAccountAsync(app, client);
        var contested = Api.NewEmail();
        await client.SendAsync(HttpMethod.Put, "/api/user/profile", new { email = contested, currentPassword = owner.Password }, owner.Token);
        var link = await app.WaitForMailAsync(contested, "Confirm your new e-mail address");
        await client.SendAsync(HttpMethod.Post, "/api/auth/register", new { email = contested, password = Api.Password });

        var confirmed = await client.SendAsync(HttpMethod.Post, "/api/auth/verify-email", new { token = TokenIn(link!) });

        await confirmed.AssertErrorAsync(HttpStatusCode.BadRequest, "token");
        Assert.Equal(owner.Email, (await app.Store.Users.GetAsync(owner.UserId))!.Email);
    }

    /// <summary>Registers, confirms the address through the mailed link and signs in (required before sign-in here).</summary>
    private static async Task<Account> VerifiedAccountAsync(IdentityApp app, HttpClient client)
    {
        var email = Api.NewEmail();
        var registered = await client.SendAsync(HttpMethod.Post, "/api/auth/register", new { email, password = Api.Password });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var mail = await app.WaitForMailAsync(email, "Confirm your e-mail address");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/auth/verify-email", new { token = TokenIn(mail!) })).StatusCode);
        return await client.LoginAsync(email);
    }

    /// <summary>The answer with <c>updatedAt</c> (the time of the request, in both answers) left out.</summary>
    private static string WithoutClock(string json) => Regex.Replace(json, "\"updatedAt\":\"[^\"]*\"", "");

    private static string TokenIn(DevMail mail) => TokenPattern().Match(mail.Text).Groups[1].Value;

    [GeneratedRegex(@"token=([A-Za-z0-9_\-]+)")]
    private static partial Regex TokenPattern();
}
