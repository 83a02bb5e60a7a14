using Microsoft.Playwright;
using Saas.Testing;

namespace Saas.BrowserTests.Dashboard;

/// <summary>
/// One AppHost (with its dashboard) and one headless Chromium for the dashboard tests. Starts nothing when Chromium is
/// missing (the tests are skipped then, see <see cref="ChromiumFactAttribute"/>).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private AppHostProcess? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AppHostProcess Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser has not been started");

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            return;
        }

        _host = await AppHostProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
        // Telemetry arrives every second or two and the pages refresh every three: give the page assertions room.
        Assertions.SetDefaultExpectTimeout(60_000);
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
    }

    /// <summary>A fresh browser context signed in through the login URL the AppHost printed, on the resources page.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        var response = await page.GotoAsync(Host.DashboardLoginUrl);
        Assert.True(response is { Ok: true }, $"the login URL did not open the dashboard: {response?.Status}");
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        return page;
    }

    /// <summary>
    /// Waits for the new document to commit, not for its <c>load</c> event: on a loaded machine Playwright has been seen
    /// to miss the load of a page reached by a click (it timed out with "NetworkIdle event fired" in its log). The
    /// assertions that follow wait for what they need on the page.
    /// </summary>
    public static readonly PageWaitForURLOptions CommitOnly = new() { WaitUntil = WaitUntilState.Commit };

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"dashboard-{name}.png"), FullPage = true,
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
