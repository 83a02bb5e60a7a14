using System.Net;

namespace Saas.Identity.Tests.Features.Accounts;

/// <summary>
/// Issue 15, finding 9: register answered 409 for an address that already had an account. With
/// <c>Identity:RequireVerifiedEmail</c> (sign-up returns no tokens) a taken address now gets the same answer as a
/// new one and its owner a mail; without it, seed 000's sign-up-and-sign-in keeps its documented 409.
/// </summary>
public sealed class RegistrationEnumerationTests
{
    [Fact]
    public async Task Register_WithATakenAddress_WhenVerificationIsRequired_ShouldAnswerAsForANewOneAndMailTheOwner()
    {
        await using var app = new IdentityApp().With("Identity:RequireVerifiedEmail", "true");
        var client = app.CreateClient();
        var taken = Api.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(HttpMethod.Post, "/api/auth/register", new { email = taken, password = Api.Password })).StatusCode);

        var fresh = await client.SendAsync(HttpMethod.Post, "/api/auth/register", new { email = Api.NewEmail(), password = Api.Password });
        var probe = await client.SendAsync(HttpMethod.Post, "/api/auth/register", new { email = taken, password = "another-password-1" });

        Assert.Equal(fresh.StatusCode, probe.StatusCode);
        var (freshBody, probeBody) = (await fresh.JsonAsync(), await probe.JsonAsync());
        Assert.Equal(freshBody.Str("message"), probeBody.Str("message"));
        Assert.Equal(Shape(freshBody.GetProperty("user")), Shape(probeBody.GetProperty("user")));
        Assert.Equal(24, probeBody.GetProperty("user").Str("_id").Length);
        Assert.NotNull(await app.WaitForMailAsync(taken, "already have an account"));
        Assert.Equal(1, await app.Store.Users.CountAsync(u => u.Email == taken));
        await (await client.SendAsync(HttpMethod.Post, "/api/auth/login", new { email = taken, password = "another-password-1" }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Register_WithATakenAddress_BySeed000Default_ShouldKeepThe409()
    {
        await using var app = new IdentityApp();
        var client = app.CreateClient();
        var account = await client.RegisterAsync();

        var probe = await client.SendAsync(HttpMethod.Post, "/api/auth/register", new { email = account.Email, password = Api.Password });

        await probe.AssertErrorAsync(HttpStatusCode.Conflict, "email");
    }

    private static string Shape(System.Text.Json.JsonElement user) =>
        string.Join(",", user.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}"));
}
