using System.Text;
using Microsoft.Playwright;
using Saas.Testing;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Admin;

/// <summary>An alert caused for real (an event from another Stripe API version) shows as a banner on every page and on the alerts page.</summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class AlertsConsoleTests(AdminConsoleFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private IBrowserContext? _context;
    private IPage? _page;

    private IPage Page => _page!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            return;
        }

        _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Host.GatewayUrl });
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [ChromiumFact]
    public async Task DriftedEvent_ShouldRaiseABannerOnEveryPageAndAnAlertLinkingToTheFlaggedEvent()
    {
        var stripeEventId = $"evt_drift_{Guid.NewGuid():N}"[..28];
        var payload = SignedStripeEvents.SubscriptionUpdated(stripeEventId).Replace("2026-10-28.endive", "2024-06-20");
        Assert.Contains("2024-06-20", payload);
        using (var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(fixture.Host.GatewayUrl) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("Stripe-Signature", SignedStripeEvents.Signature(payload, AdminConsoleFixture.WebhookSecret));
            using var accepted = await api.SendAsync(request);
            Assert.True(accepted.IsSuccessStatusCode, $"the webhook answered {(int)accepted.StatusCode}");
        }

        await Page.GotoAsync("/admin/sign-in?ReturnUrl=%2Fadmin%2Falerts");
        await Page.GetByLabel("User name or staff e-mail").FillAsync(AdminConsoleFixture.AdminUser);
        await Page.GetByLabel("Password").FillAsync(AdminConsoleFixture.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        // The rules run every few seconds: reload until this event's alert is listed.
        var row = Page.Locator("[data-alert='webhook.api_version_drift']");
        using (var deadline = new CancellationTokenSource(Patience))
        {
            while (!await row.IsVisibleAsync() || !(await row.InnerTextAsync()).Contains(stripeEventId))
            {
                Assert.False(deadline.IsCancellationRequested, $"no drift alert for {stripeEventId} within {Patience.TotalSeconds:0} s");
                await Page.WaitForTimeoutAsync(500);
                await Page.ReloadAsync();
            }
        }

        await Expect(row).ToContainTextAsync("2024-06-20");
        await Expect(row).ToContainTextAsync("UTC"); // since-when
        await Page.ScreenshotAsync(new() { Path = Path.Combine(AdminConsoleFixture.ScreenshotDirectory, "alerts-page.png"), FullPage = true });

        await Page.GotoAsync("/admin/users");
        var banner = Page.GetByTestId("alert-banner");
        await Expect(banner).ToContainTextAsync(stripeEventId);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(AdminConsoleFixture.ScreenshotDirectory, "alerts-banner.png"), FullPage = true });

        await banner.GetByRole(AriaRole.Link, new() { Name = stripeEventId, Exact = false }).ClickAsync();
        await Expect(Page.GetByTestId("drift")).ToContainTextAsync("differs from the pinned");
    }
}
