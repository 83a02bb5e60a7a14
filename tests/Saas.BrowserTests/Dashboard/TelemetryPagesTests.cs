using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Playwright;
using Saas.ServiceDefaults;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Dashboard;

/// <summary>
/// A registration through the gateway, found again on the telemetry pages. The request carries a W3C
/// <c>traceparent</c> chosen by the test (as a traced front end would send), so its trace id is known.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class TelemetryPagesTests(DashboardFixture fixture)
{
    [ChromiumFact]
    public async Task TracesPage_ShouldListARegistrationsTraceWithGatewayAndIdentitySpans_AndShowItsWaterfall()
    {
        var traceId = await RegisterAsync();
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("nav.top >> text=Traces");

        await page.FillAsync("#text", traceId);

        var row = page.Locator($"#traces tr[data-trace-id='{traceId}']");
        await Expect(row.Locator(".resources")).ToContainTextAsync(ResourceNames.Gateway);
        await Expect(row.Locator(".resources")).ToContainTextAsync(ResourceNames.Identity);
        await Expect(page.Locator("#traces tbody tr")).ToHaveCountAsync(1);
        await DashboardFixture.ScreenshotAsync(page, "traces");

        await row.Locator("a.root-name").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/traces/{traceId}", DashboardFixture.CommitOnly);
        var gateway = page.Locator($".wf-row[data-resource='{ResourceNames.Gateway}']");
        var identity = page.Locator($".wf-row[data-resource='{ResourceNames.Identity}']");
        await Expect(gateway.First).ToBeVisibleAsync();
        await Expect(identity.First).ToBeVisibleAsync();
        // The gateway's server span comes first; identity's spans hang below it in the tree.
        Assert.Equal(ResourceNames.Gateway, await page.Locator(".wf-row").First.GetAttributeAsync("data-resource"));
        var gatewayDepth = int.Parse((await gateway.First.GetAttributeAsync("data-depth"))!);
        var identityDepth = int.Parse((await identity.First.GetAttributeAsync("data-depth"))!);
        Assert.True(identityDepth > gatewayDepth, $"identity's span (depth {identityDepth}) is not below the gateway's ({gatewayDepth})");
        await Expect(identity.First.Locator(".bar")).ToBeVisibleAsync();

        await identity.First.ClickAsync();
        await Expect(page.Locator("#details")).ToContainTextAsync(ResourceNames.Identity);
        await DashboardFixture.ScreenshotAsync(page, "trace-waterfall");
    }

    [ChromiumFact]
    public async Task StructuredLogsPage_ShouldFindALogLineOfARegistrationByItsTraceId()
    {
        var traceId = await RegisterAsync();
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("nav.top >> text=Structured logs");

        await page.FillAsync("#traceId", traceId);

        var rows = page.Locator("#logs tbody tr");
        await Expect(rows.Locator($"a[data-trace-id='{traceId}']").First).ToBeVisibleAsync();
        var links = await rows.Locator("a[data-trace-id]").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.traceId)");
        Assert.All(links, id => Assert.Equal(traceId, id));
        Assert.Equal(await rows.CountAsync(), links.Length);
        await Expect(rows.Filter(new() { HasText = "Registered user" }).First).ToBeVisibleAsync();
        Assert.Contains($"traceId={traceId}", page.Url);
        await DashboardFixture.ScreenshotAsync(page, "structured-logs-by-trace");

        await rows.Locator($"a[data-trace-id='{traceId}']").First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/traces/{traceId}", DashboardFixture.CommitOnly);
        await Expect(page.Locator(".wf-row").First).ToBeVisibleAsync();
    }

    /// <summary>Registers a new user through the gateway inside a trace of the test's own; returns its trace id.</summary>
    private async Task<string> RegisterAsync()
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var parentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.Host.GatewayUrl}/api/auth/register")
        {
            Content = JsonContent.Create(new { email = $"dashboard-{Guid.NewGuid():N}@example.com", password = "dashboard-test-password-1", name = "Dashboard Test" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{parentId}-01");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return traceId;
    }
}
