using System.Text;
using Microsoft.Playwright;
using Saas.Testing;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Admin;

/// <summary>An alert caused for real (an event from another Stripe API version) shows as a banner on every page and on the alerts page.</summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class AlertsConsoleTests(AdminConsoleFixture fixture) : ConsoleBrowserTest(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    [ChromiumFact]
    public async Task DriftedEvent_ShouldRaiseABannerOnEveryPageAndAnAlertLinkingToTheFlaggedEvent()
    {
        var stripeEventId = $"evt_drift_{Guid.NewGuid():N}"[..28];
        var payload = SignedStripeEvents.SubscriptionUpdated(stripeEventId).Replace("2026-10-28.endive", "2024-06-20");
        Assert.Contains("2024-06-20", payload);
        await DeliverAsync(payload);

        await Page.GotoAsync("/admin/sign-in?ReturnUrl=%2Fadmin%2Falerts");
        await SignInAsync();

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
        await ScreenshotAsync("alerts-page");

        await Page.GotoAsync("/admin/users");
        var banner = Page.GetByTestId("alert-banner");
        await Expect(banner).ToContainTextAsync(stripeEventId);
        await ScreenshotAsync("alerts-banner");

        await banner.GetByRole(AriaRole.Link, new() { Name = stripeEventId, Exact = false }).ClickAsync();
        await Expect(Page.GetByTestId("drift")).ToContainTextAsync("differs from the pinned");
    }
}
