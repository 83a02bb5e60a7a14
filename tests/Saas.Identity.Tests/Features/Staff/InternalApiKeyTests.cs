using System.Net;
using System.Net.Http.Json;

namespace Saas.Identity.Tests.Features.Staff;

/// <summary>
/// Issue 15, finding 5: identity skipped the key check when no key was set, so any pod could grant itself admin or
/// read live reset links from the dev mailbox. The key is now required (start-up refuses without it) and checked.
/// </summary>
public sealed class InternalApiKeyTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task SetRoles_WhenCalledWithoutTheKey_ShouldAnswer401AndGrantNothing()
    {
        var account = await app.CreateClient().RegisterAsync();
        var attacker = app.CreateClient();
        attacker.DefaultRequestHeaders.Remove("X-Internal-Api-Key");

        var response = await attacker.PutAsJsonAsync($"/internal/users/{account.UserId}/roles", new { roles = new[] { "admin" } });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Empty((await app.Store.Users.GetAsync(account.UserId))!.Roles);
    }

    [Fact]
    public async Task DevMailbox_WhenCalledWithAWrongKey_ShouldAnswer401WithoutTheResetLinks()
    {
        var attacker = app.CreateClient();
        attacker.DefaultRequestHeaders.Remove("X-Internal-Api-Key");
        attacker.DefaultRequestHeaders.Add("X-Internal-Api-Key", IdentityApp.InternalApiKey[..^1]);

        var response = await attacker.GetAsync("/internal/dev-mailbox");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("token=", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/internal/users")]
    [InlineData("/internal/dev-mailbox")]
    public async Task InternalRoute_WhenCalledWithTheKey_ShouldAnswer(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
