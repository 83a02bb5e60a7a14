using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Identity.Tests.Features.Accounts;

public sealed class LoginTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Login_WhenCredentialsAreRight_ShouldAnswerTokensAndUser()
    {
        var account = await client.RegisterAsync();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email.ToUpperInvariant(), password = account.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(string.IsNullOrEmpty(body.Str("token")));
        Assert.False(string.IsNullOrEmpty(body.Str("refreshToken")));
        Assert.Equal(account.UserId, body.GetProperty("user").Str("_id"));
    }

    [Fact]
    public async Task Login_WhenPasswordIsWrongOrEmailUnknown_ShouldAnswerTheSame401()
    {
        var account = await client.RegisterAsync();

        var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "wrong-password" });
        var unknownEmail = await client.PostAsJsonAsync("/api/auth/login", new { email = Api.NewEmail(), password = "wrong-password" });

        var first = await wrongPassword.AssertErrorAsync(HttpStatusCode.Unauthorized);
        var second = await unknownEmail.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(first.Str("error"), second.Str("error"));
    }

    [Theory]
    [InlineData("""{"password":"password123"}""", "email")]
    [InlineData("""{"email":"a@example.com"}""", "password")]
    [InlineData("""{"email":true,"password":"password123"}""", "email")]
    [InlineData("""{"email":"a@example.com","password":12345678}""", "password")]
    public async Task Login_WhenAFieldIsMissingOrOfTheWrongType_ShouldAnswer400NamingIt(string body, string field)
    {
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/login", body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Login_WhenBodyIsMalformedJson_ShouldAnswer400WithError()
    {
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/login", "{\"email\":");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Login_WhenSucceeded_ShouldWriteALoginActivityEntry()
    {
        var account = await client.RegisterAsync();
        await client.LoginAsync(account.Email);

        Assert.Equal(1, await app.Store.Activity.CountAsync(a => a.UserId == account.UserId && a.Action == "login"));
    }

    [Fact]
    public async Task Login_WhenAnAccountFailsTooOften_ShouldAnswer429WithRetryAfterUntilTheWindowPasses()
    {
        await using var throttled = new IdentityApp()
            .With("Identity:LoginThrottling:MaxFailuresPerAccount", "3")
            .With("Identity:LoginThrottling:Window", "00:10:00")
            .WithClock();
        var http = throttled.CreateClient();
        var account = await http.RegisterAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await http.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "wrong-password" }))
                .AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        var blocked = await http.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });

        await blocked.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(blocked.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 590, 600);
        throttled.Clock!.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password })).StatusCode);
    }

    [Fact]
    public async Task Login_WhenOneAddressFailsTooOftenAcrossAccounts_ShouldAnswer429ForThatAddressOnly()
    {
        await using var throttled = new IdentityApp()
            .With("Identity:LoginThrottling:MaxFailuresPerIp", "3")
            .WithServices(services => services.PostConfigure<ForwardedHeadersOptions>(o =>
            {
                // The test server has no client address: trust X-Forwarded-For as if it came from the gateway.
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
            }));
        var http = throttled.CreateClient();
        var victim = await http.RegisterAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await LoginFrom(http, "203.0.113.7", Api.NewEmail(), "wrong-password")).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        var blocked = await LoginFrom(http, "203.0.113.7", victim.Email, victim.Password);
        var elsewhere = await LoginFrom(http, "198.51.100.9", victim.Email, victim.Password);

        await blocked.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.True(blocked.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Login_WhenTheStoredHashUsesFewerIterations_ShouldRehashIt()
    {
        var weak = new IdentityApp().With("Identity:PasswordHashIterations", "10");
        var account = await weak.CreateClient().RegisterAsync();
        Assert.Equal(10, Iterations((await weak.Store.Users.GetAsync(account.UserId))!.PasswordHash));
        await using var stronger = IdentityApp.OnDataOf(weak).With("Identity:PasswordHashIterations", "20");
        await weak.DisposeAsync();

        await stronger.CreateClient().LoginAsync(account.Email);

        Assert.Equal(20, Iterations((await stronger.Store.Users.GetAsync(account.UserId))!.PasswordHash));
        await stronger.CreateClient().LoginAsync(account.Email);
    }

    [Fact]
    public async Task Login_WhenVerificationIsRequiredAndMissing_ShouldAnswer403UntilVerified()
    {
        await using var strict = new IdentityApp().With("Identity:RequireVerifiedEmail", "true");
        var http = strict.CreateClient();
        var email = Api.NewEmail();
        var registered = await http.PostAsJsonAsync("/api/auth/register", new { email, password = Api.Password });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.False((await registered.JsonAsync()).TryGetProperty("token", out _));

        var refused = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Api.Password });
        await refused.AssertErrorAsync(HttpStatusCode.Forbidden);

        var mail = await strict.WaitForMailAsync(email, "Confirm");
        var verified = await http.PostAsJsonAsync("/api/auth/verify-email", new { token = TokenIn(mail!.Text) });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        await http.LoginAsync(email);
    }

    internal static string TokenIn(string mailText) =>
        Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(mailText, @"[?&]token=([^\s&]+)").Groups[1].Value);

    private static Task<HttpResponseMessage> LoginFrom(HttpClient http, string ip, string email, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", ip);
        return http.SendAsync(request);
    }

    // PasswordHasher v3: marker byte, PRF (4 bytes), iteration count (4 bytes, big-endian), ...
    private static int Iterations(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));
}
