using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Playwright;
using Saas.ServiceDefaults;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests;

/// <summary>
/// The Aspire dashboard, signed in with its login link, lists every resource of the system as running; without the
/// link's token it shows nothing and offers no stop/restart (issue 15, finding 9: the home-made dashboard's actions
/// were protected by SameSite alone, and any page on 127.0.0.1 is same-site).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AspireDashboardTests(BrowserFixture fixture)
{
    private static readonly string[] Resources = [ResourceNames.Messaging, .. ResourceNames.Services, ResourceNames.Gateway, "stripe"];

    [ChromiumFact]
    public async Task Dashboard_WhenSignedIn_ShouldListEveryResourceRunningAndHealthy()
    {
        var host = fixture.Host;
        foreach (var name in Resources)
        {
            // What the dashboard renders comes from these snapshots: they must be healthy first.
            Assert.Equal(HealthStatus.Healthy, host.Snapshot(name)?.HealthStatus);
        }

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.DashboardLoginUrl ?? throw new InvalidOperationException("the dashboard was not started"));

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$|/resources"), new() { Timeout = 60_000 });
        foreach (var name in Resources)
        {
            var row = page.Locator("[role=row]", new PageLocatorOptions { HasText = name }).First;
            await Expect(row).ToContainTextAsync("Running", new() { Timeout = 60_000 });
            await Expect(row).Not.ToContainTextAsync("Unhealthy");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "aspire-dashboard.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task Dashboard_WithoutItsLoginToken_ShouldAskForItAndShowNoResource()
    {
        var login = new Uri(fixture.Host.DashboardLoginUrl ?? throw new InvalidOperationException("the dashboard was not started"));
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // A page another local site could open: the dashboard's address without the token, in a browser with no cookie.
        await page.GotoAsync(new Uri(login, "/").ToString());

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"), new() { Timeout = 60_000 });
        await Expect(page.Locator(".token-entry-container")).ToBeVisibleAsync(new() { Timeout = 60_000 }); // the token prompt
        Assert.Equal(0, await page.Locator("[role=row]", new PageLocatorOptions { HasText = ResourceNames.Gateway }).CountAsync());
    }
}
