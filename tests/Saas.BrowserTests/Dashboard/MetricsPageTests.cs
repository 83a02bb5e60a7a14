using Saas.ServiceDefaults;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Dashboard;

/// <summary>The metrics page: per-service request figures, the broker's queues and the webhook pipeline.</summary>
[Collection(DashboardCollection.Name)]
public sealed class MetricsPageTests(DashboardFixture fixture)
{
    [ChromiumFact]
    public async Task MetricsPage_AfterRequestsThroughTheGateway_ShouldShowTheirRateAndTheQueues()
    {
        using (var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        {
            for (var i = 0; i < 5; i++)
            {
                using var response = await http.GetAsync($"{fixture.Host.GatewayUrl}/api/billing/plans");
                Assert.True(response.IsSuccessStatusCode, $"GET /api/billing/plans answered {response.StatusCode}");
            }
        }

        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("nav.top >> text=Metrics");

        var gateway = page.Locator($"#services tr[data-resource='{ResourceNames.Gateway}']");
        await Expect(gateway).ToBeVisibleAsync();
        await Expect(gateway.Locator("td").Nth(2)).ToContainTextAsync("req/s");
        // Services export metrics every 2 s and the page refreshes every 3 s: the count catches up, it isn't there at once.
        var requests = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); requests < 5 && DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            requests = int.Parse((await gateway.Locator("td").Nth(1).TextContentAsync())!.Replace(",", ""));
        }

        Assert.True(requests >= 5, $"the gateway shows {requests} requests");
        // MassTransit's queues of the running services, error queues among them once they exist.
        await Expect(page.Locator("#queues tr[data-queue]").First).ToBeVisibleAsync();
        await Expect(page.Locator("#webhooks tbody td")).ToHaveCountAsync(3);
        await DashboardFixture.ScreenshotAsync(page, "metrics");
    }
}
