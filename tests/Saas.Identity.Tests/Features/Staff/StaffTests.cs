using System.Net;
using System.Text.Json;
using Saas.Storage;

namespace Saas.Identity.Tests.Features.Staff;

public sealed class StaffTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task SearchUsers_WhenSearchingByEmailFragment_ShouldFindTheUserAndCountTheTotal()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var account = await client.RegisterAsync(email: $"{marker}@example.com");
        await client.RegisterAsync(email: $"other-{marker}@example.com");

        var response = await client.GetAsync($"/internal/users?search={marker.ToUpperInvariant()}&limit=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(2, body.GetProperty("total").GetInt64());
        Assert.Single(body.GetProperty("users").EnumerateArray());
        var all = await (await client.GetAsync($"/internal/users?search={marker}")).JsonAsync();
        Assert.Contains(all.GetProperty("users").EnumerateArray(), u => u.Str("_id") == account.UserId);
    }

    [Fact]
    public async Task SearchUsers_WhenFilteringByStatus_ShouldReturnOnlyThatStatus()
    {
        var account = await client.RegisterAsync();
        await app.Store.Users.UpdateAsync(account.UserId, u =>
        {
            u.SubscriptionStatus = "past_due";
            return true;
        }, CancellationToken.None);

        var body = await (await client.GetAsync("/internal/users?status=past_due")).JsonAsync();

        Assert.All(body.GetProperty("users").EnumerateArray(), u => Assert.Equal("past_due", u.Str("subscriptionStatus")));
        Assert.Contains(body.GetProperty("users").EnumerateArray(), u => u.Str("_id") == account.UserId);
    }

    [Fact]
    public async Task GetUser_WhenItExistsOrNot_ShouldAnswerItOr404()
    {
        var account = await client.RegisterAsync();

        var found = await client.GetAsync($"/internal/users/{account.UserId}");
        var missing = await client.GetAsync("/internal/users/000000000000000000000000");

        Assert.Equal(account.Email, (await found.JsonAsync()).GetProperty("user").Str("email"));
        await missing.AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SetRoles_WhenGranted_ShouldPutRoleClaimsInTheNextTokens()
    {
        var account = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Put, $"/internal/users/{account.UserId}/roles", new { roles = new[] { "support", "admin" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var signedIn = await client.LoginAsync(account.Email);
        var roles = TestTokens.Payload(signedIn.Token)["role"]!.AsArray().Select(r => (string?)r).ToList();
        Assert.Equal(["support", "admin"], roles);
    }

    [Theory]
    [InlineData("""{"roles":["owner"]}""")]
    [InlineData("""{"roles":"admin"}""")]
    [InlineData("{}")]
    public async Task SetRoles_WhenARoleIsUnknownOrTheShapeIsWrong_ShouldAnswer400(string body)
    {
        var account = await client.RegisterAsync();

        await (await client.SendRawAsync(HttpMethod.Put, $"/internal/users/{account.UserId}/roles", body)).AssertErrorAsync(HttpStatusCode.BadRequest, "roles");
    }

    [Fact]
    public async Task Impersonate_WhenStaffIsNamed_ShouldIssueAShortTokenWithActAndNoRolesThatWorksAtMe()
    {
        var account = await client.RegisterAsync(); // staff accounts are never impersonated (ImpersonationLimitsTests)

        var response = await client.SendAsync(HttpMethod.Post, $"/internal/users/{account.UserId}/impersonation-token", new { staff = "alice@staff" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.JsonAsync()).Str("token");
        var payload = TestTokens.Payload(token);
        Assert.Equal(account.UserId, (string?)payload["sub"]);
        Assert.Equal("alice@staff", (string?)payload["act"]!["sub"]);
        Assert.Null(payload["role"]);
        Assert.Null(payload["sid"]);
        Assert.Equal(10 * 60, (long)payload["exp"]! - (long)payload["iat"]!);
        Assert.Equal(account.UserId, (await (await client.GetAsync("/api/auth/me", token)).JsonAsync()).Str("_id"));
        Assert.Equal(1, await app.Store.Activity.CountAsync(a => a.UserId == account.UserId && a.Action == "impersonated_by_staff"));
    }

    [Fact]
    public async Task Impersonate_WhenStaffIsMissingOrUserUnknown_ShouldAnswer400Or404()
    {
        var account = await client.RegisterAsync();

        await (await client.SendAsync(HttpMethod.Post, $"/internal/users/{account.UserId}/impersonation-token", new { })).AssertErrorAsync(HttpStatusCode.BadRequest, "staff");
        await (await client.SendAsync(HttpMethod.Post, "/internal/users/000000000000000000000000/impersonation-token", new { staff = "bob" })).AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task InternalRoutes_WhenAnApiKeyIsConfigured_ShouldRequireIt()
    {
        await using var keyed = new IdentityApp().With("Identity:InternalApiKey", "s3cret-key-0123456789abcdef0123456789");
        var http = keyed.CreateClient();
        http.DefaultRequestHeaders.Remove("X-Internal-Api-Key");

        await (await http.GetAsync("/internal/users")).AssertErrorAsync(HttpStatusCode.Unauthorized);
        var request = new HttpRequestMessage(HttpMethod.Get, "/internal/users");
        request.Headers.Add("X-Internal-Api-Key", "s3cret-key-0123456789abcdef0123456789");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task DevMailbox_WhenNoSmtpIsConfigured_ShouldListTheMailsSent()
    {
        var account = await client.RegisterAsync();
        await app.WaitForMailAsync(account.Email, "Confirm");

        var body = await (await client.GetAsync("/internal/dev-mailbox")).JsonAsync();

        Assert.Contains(body.GetProperty("messages").EnumerateArray(), m => m.Str("to") == account.Email && m.Str("text").Contains("verify-email?token="));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("messages").ValueKind);
    }
}
