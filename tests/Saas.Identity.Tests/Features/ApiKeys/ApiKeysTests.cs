using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Saas.Identity.Features.ApiKeys;
using Saas.ServiceDefaults.Authentication.ApiKeys;

namespace Saas.Identity.Tests.Features.ApiKeys;

public sealed class ApiKeysTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private const string Keys = "/api/v1/api-keys";
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Create_WhenSignedIn_ShouldShowTheKeyOnceAndStoreOnlyItsHash()
    {
        var account = await client.RegisterAsync();

        var created = await client.SendAsync(HttpMethod.Post, Keys, new { name = "CI", scopes = new[] { "profile:read" } }, account.Token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var key = body.Str("key");
        Assert.StartsWith("sk_", key);
        var listed = await client.GetAsync(Keys, account.Token);
        var text = await listed.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, text);
        var entry = Assert.Single((await listed.JsonAsync()).GetProperty("keys").EnumerateArray());
        Assert.Equal(key[..11], entry.Str("prefix"));
        Assert.Equal(["profile:read"], entry.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var stored = await app.Services.GetRequiredService<ApiKeyStore>().Keys.GetAsync(entry.Str("id"));
        Assert.Equal(ApiKeyFormat.Hash(key), stored!.Hash);
        Assert.DoesNotContain(key, System.Text.Json.JsonSerializer.Serialize(stored));
    }

    [Fact]
    public async Task ApiKey_WhenUsedOnMe_ShouldWorkWithProfileReadAndBeRefusedOtherwiseOrOnceRevoked()
    {
        var account = await client.RegisterAsync();
        var profile = await CreateAsync(account.Token, "profile:read");
        var usage = await CreateAsync(account.Token, "usage:read", "usage:write");

        var me = await SendWithKeyAsync(HttpMethod.Get, "/api/auth/me", profile.Key);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var user = await me.JsonAsync();
        Assert.Equal(account.UserId, user.Str("_id"));
        Assert.Equal("active", user.Str("subscriptionState"));

        await (await SendWithKeyAsync(HttpMethod.Get, "/api/auth/me", usage.Key)).AssertErrorAsync(HttpStatusCode.Forbidden);
        // Keys never manage keys, sessions or the account: only an access token does.
        await (await SendWithKeyAsync(HttpMethod.Get, Keys, profile.Key)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await SendWithKeyAsync(HttpMethod.Post, Keys, profile.Key)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await SendWithKeyAsync(HttpMethod.Get, "/api/auth/sessions", profile.Key)).AssertErrorAsync(HttpStatusCode.Forbidden);

        var revoked = await client.SendAsync(HttpMethod.Delete, $"{Keys}/{profile.Id}", token: account.Token);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, (await revoked.JsonAsync()).GetProperty("revokedAt").ValueKind);
        var refused = await SendWithKeyAsync(HttpMethod.Get, "/api/auth/me", profile.Key);
        Assert.Equal("Invalid or revoked API key", (await refused.AssertErrorAsync(HttpStatusCode.Unauthorized)).Str("error"));
    }

    [Fact]
    public async Task Revoke_WhenTheKeyIsSomeoneElses_ShouldAnswer404AndLeaveItWorking()
    {
        var owner = await client.RegisterAsync();
        var other = await client.RegisterAsync();
        var key = await CreateAsync(owner.Token, "profile:read");

        await (await client.SendAsync(HttpMethod.Delete, $"{Keys}/{key.Id}", token: other.Token)).AssertErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await SendWithKeyAsync(HttpMethod.Get, "/api/auth/me", key.Key)).StatusCode);
    }

    [Theory]
    [InlineData("""{"scopes":["usage:read"]}""", "name")]
    [InlineData("""{"name":"  "}""", "name")]
    [InlineData("""{"name":"x","scopes":["admin"]}""", "scopes")]
    [InlineData("""{"name":"x","scopes":[]}""", "scopes")]
    public async Task Create_WhenTheInputIsBad_ShouldAnswer400NamingTheFieldAndStoreNothing(string body, string field)
    {
        var account = await client.RegisterAsync();

        await (await client.SendRawAsync(HttpMethod.Post, Keys, body, account.Token)).AssertErrorAsync(HttpStatusCode.BadRequest, field);

        Assert.Empty((await (await client.GetAsync(Keys, account.Token)).JsonAsync()).GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task InternalLookup_WhenAskedByHash_ShouldAnswerTheLiveKeyOnlyWithTheInternalApiKey()
    {
        var account = await client.RegisterAsync();
        var key = await CreateAsync(account.Token, "usage:read");
        var path = $"/internal/identity/api-keys/{ApiKeyFormat.Hash(key.Key)}";

        var found = await (await client.GetAsync(path)).JsonAsync();
        Assert.Equal((key.Id, account.UserId), (found.Str("keyId"), found.Str("userId")));
        using var stranger = app.CreateClient();
        stranger.DefaultRequestHeaders.Remove("X-Internal-Api-Key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(path)).StatusCode);

        await client.SendAsync(HttpMethod.Delete, $"{Keys}/{key.Id}", token: account.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    private async Task<(string Key, string Id)> CreateAsync(string token, params string[] scopes)
    {
        var created = await client.SendAsync(HttpMethod.Post, Keys, new { name = "test", scopes }, token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        return (body.Str("key"), body.GetProperty("apiKey").Str("id"));
    }

    private Task<HttpResponseMessage> SendWithKeyAsync(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request);
    }
}
