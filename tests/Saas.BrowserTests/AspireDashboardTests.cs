using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Playwright;
using Saas.ServiceDefaults;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests;

/// <summary>The Aspire dashboard, signed in with its login link, lists every resource of the system as running.</summary>
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
}
