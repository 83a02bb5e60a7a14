using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using Saas.ServiceDefaults;
using Saas.Testing;

namespace Saas.BrowserTests;

/// <summary>
/// What an operator looks for on the Aspire dashboard after a Stripe event arrives: one trace that follows it from the
/// gateway through webhooks and RabbitMQ to billing, the services' structured logs, and metric charts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AspireTelemetryTests(BrowserFixture fixture)
{
    private static readonly TimeSpan TelemetryTimeout = TimeSpan.FromSeconds(120);

    [ChromiumFact]
    public async Task Dashboard_AfterASignedStripeEvent_ShouldShowOneTraceAcrossTheBrokerLogsAndMetricCharts()
    {
        // The caller starts the trace (as Stripe's own tracing would), so the test knows which one to open.
        var trace = ActivityTraceId.CreateRandom().ToString();
        var eventId = $"evt_trace_{Guid.NewGuid():N}"[..28];
        Assert.Equal(200, await PostSignedEventAsync(eventId, trace));

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        var dashboard = await SignInAsync(page);

        // One trace: the delivery's request through the gateway, webhooks storing it, the dispatch and MassTransit's
        // send and receive on RabbitMQ, webhooks publishing the integration event and billing consuming it.
        var detail = await PollPageTextAsync(page, $"{dashboard}/traces/detail/{trace}", "trace-detail", Rows,
            text => Services(text).IsSupersetOf([ResourceNames.Gateway, ResourceNames.Webhooks, ResourceNames.Billing])
                    && text.Contains("billing-subscription-changed process", StringComparison.Ordinal));
        Assert.Contains("POST /api/stripe/webhook", detail);
        Assert.Contains("dispatch stripe event", detail);
        Assert.Contains("rabbitmq send webhooks-process-stripe-event", detail);
        Assert.Contains("webhooks-process-stripe-event process", detail);
        Assert.Contains("rabbitmq send Saas.Contracts.Webhooks:StripeSubscriptionChanged", detail);
        await ScreenshotAsync(page, "aspire-trace.png");

        var logs = await PollPageTextAsync(page, $"{dashboard}/structuredlogs", "structured-logs", Rows, text => Services(text).Count >= 2);
        Assert.True(Services(logs).Count >= 2, logs);
        await ScreenshotAsync(page, "aspire-structured-logs.png");

        await PollPageTextAsync(
            page, $"{dashboard}/metrics/resource/{ResourceNames.Gateway}?meter=Microsoft.AspNetCore.Hosting&instrument=http.server.request.duration",
            "metrics", "body", text => text.Contains("http.server.request.duration", StringComparison.Ordinal));
        // The dashboard draws its charts with Plotly.
        var chart = page.Locator(".js-plotly-plot svg.main-svg").First;
        await Microsoft.Playwright.Assertions.Expect(chart).ToBeVisibleAsync(new() { Timeout = (float)TelemetryTimeout.TotalMilliseconds });
        await ScreenshotAsync(page, "aspire-metrics.png");
    }

    private async Task<int> PostSignedEventAsync(string eventId, string trace)
    {
        var payload = SignedStripeEvents.SubscriptionUpdated(eventId);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.Host.GatewayUrl}/api/stripe/webhook")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", SignedStripeEvents.Signature(payload, BrowserFixture.WebhookSecret));
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>Signs in with the login link; returns the dashboard's base address.</summary>
    private async Task<string> SignInAsync(IPage page)
    {
        var login = new Uri(fixture.Host.DashboardLoginUrl ?? throw new InvalidOperationException("the dashboard was not started"));
        await page.GotoAsync(login.ToString());
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/$|/resources"), new() { Timeout = 60_000 });
        return login.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>
    /// Opens <paramref name="url"/> until its text satisfies <paramref name="ready"/> (telemetry arrives in batches a
    /// second or so apart); the last text is kept next to the screenshots to show what the page said.
    /// </summary>
    /// <remarks>
    /// Only the grid's rows count where it matters: the page around them (filters, menus) names every resource anyway.
    /// </remarks>
    private static async Task<string> PollPageTextAsync(IPage page, string url, string name, string selector, Func<string, bool> ready)
    {
        var deadline = DateTime.UtcNow + TelemetryTimeout;
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.WaitForTimeoutAsync(1000); // Blazor renders after the first load; the text is read once it has.
            text = string.Join(Environment.NewLine, await page.Locator(selector).AllInnerTextsAsync());
            if (ready(text))
            {
                break;
            }
        }

        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, $"aspire-{name}.txt"), await page.InnerTextAsync("body"));
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, $"aspire-{name}.html"), await page.ContentAsync());
        Assert.True(ready(text), $"{url} did not show what was expected within {TelemetryTimeout.TotalSeconds:0} s:{Environment.NewLine}{text}");
        return text;
    }

    private const string Rows = "[role=row]";

    private static HashSet<string> Services(string text) =>
        [.. ((string[])[ResourceNames.Gateway, .. ResourceNames.Services]).Where(name => text.Contains(name, StringComparison.Ordinal))];

    private static Task ScreenshotAsync(IPage page, string file) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, file), FullPage = true });
}
