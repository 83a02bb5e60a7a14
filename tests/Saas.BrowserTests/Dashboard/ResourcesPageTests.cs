using Microsoft.Playwright;
using Saas.ServiceDefaults;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Dashboard;

/// <summary>The resources page: every resource with its state, live, and the restart button.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ResourcesPageTests(DashboardFixture fixture)
{
    [ChromiumFact]
    public async Task ResourcesPage_WithTheToken_ShouldShowEveryResourceRunning()
    {
        var page = await fixture.SignedInPageAsync();
        var resources = await fixture.Host.GetResourcesAsync();

        Assert.Superset(
            new HashSet<string>([ResourceNames.Messaging, .. ResourceNames.Services, ResourceNames.Gateway, "stripe"]),
            resources.Select(r => r.Name).ToHashSet());
        await Expect(page.Locator("#resources tbody tr")).ToHaveCountAsync(resources.Count);
        foreach (var resource in resources)
        {
            var row = Row(page, resource.Name);
            await Expect(row.Locator("[data-field=state]")).ToHaveTextAsync("running");
            await Expect(row.Locator("[data-field=type]")).ToHaveTextAsync(resource.Type);
            await Expect(row.Locator("[data-field=pid]")).ToHaveTextAsync(resource.Pid!.Value.ToString());
        }

        await Expect(Row(page, ResourceNames.Gateway).Locator("[data-field=url] a")).ToHaveAttributeAsync("href", fixture.Host.GatewayUrl);
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await DashboardFixture.ScreenshotAsync(page, "resources");
    }

    [ChromiumFact]
    public async Task RestartButton_ShouldTakeBillingThroughRestartingBackToRunning_WithoutReloadingThePage()
    {
        var page = await fixture.SignedInPageAsync();
        var billing = Row(page, ResourceNames.Billing);
        await Expect(billing.Locator("[data-field=state]")).ToHaveTextAsync("running");
        var before = await fixture.Host.GetResourceAsync(ResourceNames.Billing);
        // Every text the state cell shows from now on, and a marker a reload would wipe out.
        await page.EvaluateAsync("""
            () => {
              window.pageNeverReloaded = true;
              window.billingStates = [];
              const cell = document.querySelector('tr[data-resource="billing"] [data-field="state"]');
              new MutationObserver(() => window.billingStates.push(cell.textContent))
                .observe(cell, { childList: true, characterData: true, subtree: true });
            }
            """);

        await billing.Locator("button[data-action=restart]").ClickAsync();

        await page.WaitForFunctionAsync("() => window.billingStates.includes('restarting')");
        await page.WaitForFunctionAsync(
            "() => window.billingStates.lastIndexOf('running') > window.billingStates.indexOf('restarting')", null,
            new PageWaitForFunctionOptions { Timeout = 120_000 });
        var after = await fixture.Host.GetResourceAsync(ResourceNames.Billing);
        Assert.Equal("running", after.State);
        Assert.NotEqual(before.Pid, after.Pid);
        Assert.True(await page.EvaluateAsync<bool>("() => window.pageNeverReloaded === true"), "the page was reloaded");
        await Expect(billing.Locator("[data-field=state]")).ToHaveTextAsync("running");
        await Expect(billing.Locator("[data-field=pid]")).ToHaveTextAsync(after.Pid!.Value.ToString());
        await Expect(billing.Locator("[data-field=restarts]")).ToHaveTextAsync((before.Restarts + 1).ToString());
        await DashboardFixture.ScreenshotAsync(page, "resources-after-billing-restart");
    }

    private static ILocator Row(IPage page, string name) => page.Locator($"#resources tr[data-resource='{name}']");
}
