using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Contracts.Identity;

namespace Saas.Identity.Tests.Features.Accounts;

public sealed class RegisterTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Register_WhenInputIsValid_ShouldAnswer201WithTokensAndSaasBackendUser()
    {
        var email = Api.NewEmail();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password = Api.Password, name = "John Doe" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(3, body.Str("token").Split('.').Length);
        Assert.False(string.IsNullOrEmpty(body.Str("refreshToken")));
        var user = body.GetProperty("user");
        Assert.Matches("^[0-9a-f]{24}$", user.Str("_id"));
        Assert.Equal(email, user.Str("email"));
        Assert.Equal("John Doe", user.Str("name"));
        Assert.Equal("none", user.Str("subscriptionStatus"));
        Assert.Equal(JsonValueKind.Null, user.GetProperty("stripeCustomerId").ValueKind);
        Assert.Equal(JsonValueKind.Object, user.GetProperty("settings").ValueKind);
        Assert.False(user.GetProperty("emailVerified").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", user.Str("createdAt"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", user.Str("updatedAt"));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("password", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Register_WhenEmailHasCaseAndSpaces_ShouldStoreItNormalised()
    {
        var email = Api.NewEmail();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = $"  {email.ToUpperInvariant()} ", password = Api.Password });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(email, (await response.JsonAsync()).GetProperty("user").Str("email"));
    }

    [Fact]
    public async Task Register_WhenEmailIsTakenInAnotherCase_ShouldAnswer409()
    {
        var account = await client.RegisterAsync();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = account.Email.ToUpperInvariant(), password = Api.Password });

        await response.AssertErrorAsync(HttpStatusCode.Conflict, "email");
    }

    [Theory]
    [InlineData("""{"password":"password123"}""", "email")]
    [InlineData("""{"email":"not-an-email","password":"password123"}""", "email")]
    [InlineData("""{"email":"a b@example.com","password":"password123"}""", "email")]
    [InlineData("""{"email":"ok@example.com"}""", "password")]
    [InlineData("""{"email":"ok@example.com","password":"short"}""", "password")]
    [InlineData("""{"email":123,"password":"password123"}""", "email")]
    [InlineData("""{"email":"ok@example.com","password":["password123"]}""", "password")]
    [InlineData("""{"email":"ok@example.com","password":"password123","name":42}""", "name")]
    [InlineData("""{"email":"","password":"password123"}""", "email")]
    public async Task Register_WhenAFieldIsMissingMalformedOrOfTheWrongType_ShouldAnswer400NamingIt(string body, string field)
    {
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/register", body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("{\"email\": \"x@example.com\", ")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("\"a string\"")]
    public async Task Register_WhenBodyIsNotAJsonObject_ShouldAnswer400WithError(string body)
    {
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/register", body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Register_WhenBodyIsOversized_ShouldAnswer413AndCreateNothing()
    {
        var email = Api.NewEmail();
        var body = JsonSerializer.Serialize(new { email, password = Api.Password, name = new string('x', 64 * 1024) });

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/register", body);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await app.Store.Users.CountAsync(u => u.Email == email));
    }

    [Fact]
    public async Task Register_WhenSucceeded_ShouldPublishUserRegisteredAndMailAVerificationLink()
    {
        var account = await client.RegisterAsync();

        var published = await app.WaitForPublishedAsync<UserRegistered>(m => m.UserId == account.UserId);
        Assert.NotNull(published);
        Assert.Equal(account.Email, published.Email);
        Assert.NotEqual(Guid.Empty, published.EventId);
        var mail = await app.WaitForMailAsync(account.Email, "Confirm");
        Assert.NotNull(mail);
        Assert.Contains("http://localhost:3000/verify-email?token=", mail.Text);
    }

    [Fact]
    public async Task Register_WhenSucceeded_ShouldStoreOnlyAPasswordHash()
    {
        var account = await client.RegisterAsync();

        var user = await app.Store.Users.GetAsync(account.UserId);
        Assert.NotNull(user);
        Assert.DoesNotContain(Api.Password, user.PasswordHash);
        Assert.True(user.PasswordHash.Length > 40);
    }
}
