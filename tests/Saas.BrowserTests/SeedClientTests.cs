using System.Text.Json;
using Microsoft.Playwright;

namespace Saas.BrowserTests;

/// <summary>
/// The seed's browser client (<c>seed-client.js</c>: <c>login</c>, <c>getCurrentUser</c>, <c>refreshToken</c>, byte for
/// byte) runs in headless Chromium on a page of the gateway's origin, so its relative URLs and localStorage work as in
/// the front end. The gateway serves no HTML: the page is its <c>/health</c> JSON, and the functions are added as a
/// script tag.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SeedClientTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const string Password = "browser-test-password-1";
    private readonly List<string> _apiCalls = [];
    private IBrowserContext? _context;
    private IPage? _page;

    private IPage Page => _page!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            return;
        }

        _context = await fixture.Browser.NewContextAsync();
        _page = await _context.NewPageAsync();
        _page.Response += (_, response) =>
        {
            var path = new Uri(response.Url).AbsolutePath;
            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                lock (_apiCalls)
                {
                    _apiCalls.Add($"{response.Request.Method} {path} {response.Status}");
                }
            }
        };
        var start = await _page.GotoAsync($"{fixture.Host.GatewayUrl}/health");
        Assert.True(start is { Ok: true }, $"the gateway page did not load: {start?.Status}");
        await _page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = await File.ReadAllTextAsync(SeedClient.Path) });
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [ChromiumFact]
    public async Task Login_WhenCalledWithARegisteredAccount_ShouldStoreTheTokensAndGetCurrentUserShouldReturnTheUser()
    {
        var email = await RegisterAsync();

        var user = await CallAsync("async ([email, password]) => JSON.stringify(await login(email, password))", email, Password);

        var userId = user.GetProperty("_id").GetString();
        Assert.False(string.IsNullOrEmpty(userId), $"login returned no _id: {user}");
        Assert.Equal(email, user.GetProperty("email").GetString());
        var (access, refresh) = await TokensAsync();
        Assert.False(string.IsNullOrEmpty(access), "login stored no accessToken in localStorage");
        Assert.False(string.IsNullOrEmpty(refresh), "login stored no refreshToken in localStorage");

        var current = await CallAsync("async () => JSON.stringify(await getCurrentUser())");

        Assert.Equal(userId, current.GetProperty("_id").GetString());
        Assert.Equal(email, current.GetProperty("email").GetString());
        Assert.Equal(["POST /api/auth/register 201", "POST /api/auth/login 200", "GET /api/auth/me 200"], ApiCalls());
        await ScreenshotAsync("login-and-current-user", current);
    }

    [ChromiumFact]
    public async Task GetCurrentUser_WhenTheAccessTokenIsInvalid_ShouldRefreshTheTokensAndRetry()
    {
        var email = await RegisterAsync();
        var user = await CallAsync("async ([email, password]) => JSON.stringify(await login(email, password))", email, Password);
        var (access, refresh) = await TokensAsync();
        // A token the gateway's identity must refuse: the real one with its signature altered.
        var invalid = await Page.EvaluateAsync<string>("""
            () => {
              const [header, payload, signature] = localStorage.getItem('accessToken').split('.');
              const altered = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
              localStorage.setItem('accessToken', `${header}.${payload}.${altered}`);
              return localStorage.getItem('accessToken');
            }
            """);
        Assert.NotEqual(access, invalid);

        var current = await CallAsync("async () => JSON.stringify(await getCurrentUser())");

        Assert.Equal(user.GetProperty("_id").GetString(), current.GetProperty("_id").GetString());
        Assert.Equal(
            ["POST /api/auth/register 201", "POST /api/auth/login 200", "GET /api/auth/me 401", "POST /api/auth/refresh-token 200", "GET /api/auth/me 200"],
            ApiCalls());
        var (newAccess, newRefresh) = await TokensAsync();
        Assert.False(string.IsNullOrEmpty(newAccess));
        Assert.NotEqual(invalid, newAccess);
        Assert.NotEqual(access, newAccess);
        Assert.False(string.IsNullOrEmpty(newRefresh));
        Assert.NotEqual(refresh, newRefresh);
        Assert.EndsWith("/health", Page.Url); // refreshToken() did not send the page to /login
        await ScreenshotAsync("refresh-and-retry", current);
    }

    /// <summary>
    /// Runs <paramref name="script"/> in the page and parses the JSON text it returns (the page serializes, so what the
    /// test sees is exactly what the seed's function returned, without Playwright's own serialization).
    /// </summary>
    private async Task<JsonElement> CallAsync(string script, params string[] arguments) =>
        JsonDocument.Parse(await Page.EvaluateAsync<string>(script, arguments)).RootElement.Clone();

    /// <summary>Registers through the gateway with the page's own fetch (as a sign-up form would).</summary>
    private async Task<string> RegisterAsync()
    {
        var email = $"browser-{Guid.NewGuid():N}@example.com";
        var status = await Page.EvaluateAsync<int>("""
            async ([email, password]) => {
              const response = await fetch('/api/auth/register', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ email, password, name: 'Browser Test' })
              });
              return response.status;
            }
            """, new[] { email, Password });
        Assert.Equal(201, status);
        return email;
    }

    private async Task<(string? Access, string? Refresh)> TokensAsync()
    {
        var tokens = await Page.EvaluateAsync<string?[]>("() => [localStorage.getItem('accessToken'), localStorage.getItem('refreshToken')]");
        return (tokens[0], tokens[1]);
    }

    private string[] ApiCalls()
    {
        lock (_apiCalls)
        {
            return [.. _apiCalls];
        }
    }

    /// <summary>Shows what the seed's functions returned on the page and saves a screenshot of it.</summary>
    private async Task ScreenshotAsync(string name, JsonElement user)
    {
        await Page.EvaluateAsync("""
            ([title, user, calls]) => {
              document.body.innerHTML = '';
              const heading = document.createElement('h1');
              heading.textContent = title;
              const pre = document.createElement('pre');
              pre.textContent = JSON.stringify(JSON.parse(user), null, 2) + '\n\n' + calls.join('\n');
              document.body.append(heading, pre);
            }
            """, new object[] { name, user.GetRawText(), ApiCalls() });
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }
}
