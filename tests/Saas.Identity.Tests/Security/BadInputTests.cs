using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Saas.Identity.Tests.Security;

/// <summary>
/// Issue 15: every public route of identity's OpenAPI document, fed malformed, oversized and wrong-typed JSON and
/// tampered, expired and wrong-algorithm tokens, answers a clear 4xx (with saasbackend's <c>error</c> member) and
/// stores nothing. Routes are read from the document, so a new route is covered the day it is published.
/// </summary>
public sealed class BadInputTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    /// <summary>Routes that read no JSON body (a logout, a leave): only the token cases apply to them.</summary>
    private static readonly HashSet<string> Bodyless =
    [
        "POST /api/auth/logout", "POST /api/auth/logout-all", "DELETE /api/auth/sessions/{id}",
        "PUT /api/notifications/{id}/read", "POST /api/v1/organizations/{orgId}/leave",
        "DELETE /api/v1/organizations/{orgId}", "DELETE /api/v1/organizations/{orgId}/members/{userId}",
        "DELETE /api/v1/organizations/{orgId}/invites/{inviteId}", "POST /api/v1/invites/{token}/accept",
    ];

    /// <summary>Seed 000's settings are any JSON object the front end keeps: no field has a wrong type there.</summary>
    private const string FreeFormSettings = "PUT /api/user/settings";

    private const string WrongTypes = "wrong-typed fields";

    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task EveryRouteWithABody_WhenTheBodyIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var user = await client.RegisterAsync();
        var bodies = new Dictionary<string, HttpContent>();
        var failures = new List<string>();
        foreach (var (method, path) in await OperationsAsync())
        {
            if (method is "GET" || Bodyless.Contains($"{method} {path}"))
            {
                continue;
            }

            foreach (var (name, content) in BadBodies())
            {
                if (name == WrongTypes && $"{method} {path}" == FreeFormSettings)
                {
                    continue;
                }

                var before = await CountAsync();
                using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(path)) { Content = content };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
                using var response = await client.SendAsync(request);
                await CheckAsync(failures, $"{method} {path} with {name}", response, before);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryRoute_WhenTheTokenIsBad_ShouldAnswerA4xxAndStoreNothing()
    {
        var user = await client.RegisterAsync();
        var modulus = (await (await client.GetAsync("/.well-known/jwks.json")).JsonAsync()).GetProperty("keys")[0].Str("n");
        var claims = new Dictionary<string, object> { ["sub"] = user.UserId, ["email"] = user.Email };
        var tokens = new Dictionary<string, string>
        {
            ["a tampered token"] = TestTokens.Tampered(user.Token),
            ["an expired token"] = await TestTokens.MintAsync(app.Services, claims, DateTime.UtcNow.AddMinutes(-30), DateTime.UtcNow.AddMinutes(-10)),
            ["alg none"] = TestTokens.AlgNone(user.Token),
            ["HS256 with the public key"] = TestTokens.Hs256WithPublicKey(user.Token, modulus),
            ["garbage"] = "not.a.jwt",
        };
        var failures = new List<string>();
        foreach (var (method, path) in await OperationsAsync())
        {
            foreach (var (name, token) in tokens)
            {
                var before = await CountAsync();
                using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(path));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (method is not "GET")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                if (path.StartsWith("/.well-known", StringComparison.Ordinal) || (method == "GET" && path == "/api/settings/public"))
                {
                    continue; // public documents: a token is ignored, nothing is stored
                }

                await CheckAsync(failures, $"{method} {path} with {name}", response, before);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<(string Name, HttpContent Content)> BadBodies()
    {
        yield return ("malformed JSON", new StringContent("{\"email\": \"a@example.com\", ", Encoding.UTF8, "application/json"));
        yield return ("an oversized body", new StringContent("{\"name\": \"" + new string('x', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json"));
        yield return ("a JSON array", new StringContent("[1, 2, 3]", Encoding.UTF8, "application/json"));
        yield return (WrongTypes, new StringContent(
            """{"email": 12, "password": true, "newPassword": [], "currentPassword": {}, "token": 7, "name": [1], "role": 3, "roles": "admin", "action": 5, "details": "x", "refreshToken": 1, "slug": {}, "staff": false}""",
            Encoding.UTF8, "application/json"));
        yield return ("text/plain", new StringContent("email=a@example.com", Encoding.UTF8, "text/plain"));
    }

    private async Task CheckAsync(List<string> failures, string what, HttpResponseMessage response, long before)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status is < 400 or >= 500)
        {
            failures.Add($"{what}: {status} {text[..Math.Min(text.Length, 200)]}");
            return;
        }

        if (status != 401 && (text.Length == 0 || !JsonDocument.Parse(text).RootElement.TryGetProperty("error", out _)))
        {
            failures.Add($"{what}: {status} without an error message: {text[..Math.Min(text.Length, 200)]}");
        }

        if (await CountAsync() != before)
        {
            failures.Add($"{what}: {status} but something was stored");
        }
    }

    /// <summary>Every stored document a request could create: users, sessions, tokens, activity, organizations, invitations.</summary>
    private async Task<long> CountAsync() =>
        await app.Store.Users.CountAsync() + await app.Store.Sessions.CountAsync() + await app.Store.RefreshTokens.CountAsync() +
        await app.Store.Activity.CountAsync() + await app.Store.Organizations.CountAsync() + await app.Store.InviteTokens.CountAsync() +
        await app.Store.Notifications.CountAsync();

    private async Task<List<(string Method, string Path)>> OperationsAsync()
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var operations = new List<(string, string)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            operations.AddRange(path.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => (o.Name.ToUpperInvariant(), path.Name)));
        }

        Assert.True(operations.Count > 30, $"only {operations.Count} operations in the document");
        return operations;
    }

    // Path parameters get ids that exist nowhere: the request must fail on its input, never on a lucky match.
    private static string Concrete(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "000000000000000000000000");
}
