using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Dashboard;

/// <summary>Nothing on the dashboard port answers without the login token.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardAccessTests(DashboardFixture fixture)
{
    [ChromiumFact]
    public async Task Page_WithoutTheToken_ShouldShowTheLoginPage_AndThePastedTokenShouldOpenIt()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);

        await page.GotoAsync($"{fixture.Host.DashboardUrl}/traces");

        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("input#token")).ToBeVisibleAsync();
        await Expect(page.Locator("nav.top")).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, "login");

        await page.FillAsync("input#token", "not-the-token-0123456789");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("does not open this dashboard");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        await page.FillAsync("input#token", fixture.Host.DashboardToken);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/traces", DashboardFixture.CommitOnly);
        await Expect(page.Locator("h1")).ToContainTextAsync("Traces");
    }

    [ChromiumFact]
    public async Task Apis_WithoutTheToken_ShouldAnswer401WithAnError()
    {
        using var anonymous = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(fixture.Host.DashboardUrl) };
        string[] paths =
        [
            "/api/resources", "/api/resources/stream", "/api/resources/billing/logs/stream", "/api/resources/billing/logs/download",
            "/api/telemetry/resources", "/api/telemetry/traces", "/api/telemetry/logs", "/api/telemetry/metrics",
        ];

        foreach (var path in paths)
        {
            foreach (var authorization in new AuthenticationHeaderValue?[] { null, new("Bearer", "not-the-token-0123456789") })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = authorization } };
                using var response = await anonymous.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path} with {authorization?.ToString() ?? "no token"}: {response.StatusCode}");
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()), $"{path}: no error in {body}");
            }
        }

        var before = await fixture.Host.GetResourceAsync("billing");
        using var restart = await anonymous.PostAsync("/api/resources/billing/restart", null);
        Assert.Equal(HttpStatusCode.Unauthorized, restart.StatusCode);
        var after = await fixture.Host.GetResourceAsync("billing");
        Assert.Equal((before.Pid, before.Restarts), (after.Pid, after.Restarts));
        using var signedIn = await fixture.Host.Dashboard.GetAsync("/api/telemetry/metrics");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        // A configured token is the operator's secret: the AppHost does not print it, not even in the login line.
        Assert.Contains($"Dashboard: {fixture.Host.DashboardUrl} (sign in with the configured AppHost:DashboardToken)", fixture.Host.Output);
        Assert.DoesNotContain(fixture.Host.DashboardToken, fixture.Host.Output);
    }
}
