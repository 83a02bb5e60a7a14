using System.Net;
using System.Net.Http.Json;

namespace Saas.Identity.Tests.Features.Accounts;

public sealed class VerifyEmailTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task VerifyEmail_WhenTokenIsTheMailedOne_ShouldMarkTheAddressVerifiedOnce()
    {
        var account = await client.RegisterAsync();
        var mail = await app.WaitForMailAsync(account.Email, "Confirm");
        var token = LoginTests.TokenIn(mail!.Text);

        var response = await client.PostAsJsonAsync("/api/auth/verify-email", new { token });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("user").GetProperty("emailVerified").GetBoolean());
        Assert.True((await (await client.GetAsync("/api/auth/me", account.Token)).JsonAsync()).GetProperty("emailVerified").GetBoolean());
        await (await client.PostAsJsonAsync("/api/auth/verify-email", new { token })).AssertErrorAsync(HttpStatusCode.BadRequest, "token");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"token":7}""")]
    [InlineData("""{"token":"not-a-real-token"}""")]
    public async Task VerifyEmail_WhenTokenIsMissingWrongTypeOrUnknown_ShouldAnswer400(string body)
    {
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/verify-email", body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "token");
    }
}
