using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Saas.Testing;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Admin;

/// <summary>
/// What every admin console browser test starts from: a fresh browser context on the fixture's gateway, an HTTP client
/// to the same gateway, and the steps they share (sign in, deliver a signed Stripe event, read the admin API, screenshot).
/// </summary>
public abstract class ConsoleBrowserTest(AdminConsoleFixture fixture) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage? _page;
    private HttpClient? _api;

    protected AdminConsoleFixture Fixture => fixture;
    protected IPage Page => _page!;
    protected HttpClient Api => _api!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            return;
        }

        _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Host.GatewayUrl });
        _page = await _context.NewPageAsync();
        _api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(fixture.Host.GatewayUrl), Timeout = TimeSpan.FromSeconds(15) };
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    /// <summary>Fills the sign-in page the browser is on and waits until the console is shown.</summary>
    protected async Task SignInAsync(string user = AdminConsoleFixture.AdminUser, string password = AdminConsoleFixture.AdminPassword)
    {
        await Page.GetByLabel("User name or staff e-mail").FillAsync(user);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        Assert.StartsWith($"{fixture.Host.GatewayUrl}/admin", Page.Url);
    }

    /// <summary>Posts <paramref name="payload"/> to the gateway's Stripe webhook, signed with the fixture's secret.</summary>
    protected async Task DeliverAsync(string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", SignedStripeEvents.Signature(payload, AdminConsoleFixture.WebhookSecret));
        using var accepted = await Api.SendAsync(request);
        Assert.True(accepted.IsSuccessStatusCode, $"the webhook answered {(int)accepted.StatusCode}");
    }

    /// <summary>GET on the admin API as the operator (Basic credentials).</summary>
    protected async Task<JsonElement> AdminGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminConsoleFixture.AdminUser}:{AdminConsoleFixture.AdminPassword}")));
        using var response = await Api.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AdminConsoleFixture.ScreenshotDirectory, $"{name}.png"), FullPage = true });
}
