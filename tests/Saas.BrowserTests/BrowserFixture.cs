using Microsoft.Playwright;
using Saas.Testing.Aspire;

namespace Saas.BrowserTests;

/// <summary>
/// One running system (with the Aspire dashboard) and one headless Chromium for every browser test. Starts nothing when Chromium is missing
/// (the tests are skipped then, see <see cref="ChromiumFactAttribute"/>).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// An operator's webhook secret (as from <c>stripe listen</c>), accepted next to the emulator's: lets a test post a
    /// signed Stripe event through the gateway.
    /// </summary>
    public const string WebhookSecret = "whsec_browser_tests_operator";

    private SaasApp? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SaasApp Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser has not been started");

    /// <summary>Where screenshots go: next to the test binaries, in <c>screenshots/</c>.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        _host = await SaasApp.StartAsync(new SaasAppOptions
        {
            Dashboard = true,
            AppHostConfiguration = new() { ["Stripe:WebhookSecret"] = WebhookSecret },
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchChromiumAsync(_playwright);
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>Debian's headless Chromium with the flags every browser test here uses (no sandbox, GPU or background traffic).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
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
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>A fact that needs Chromium: skipped, saying why, when it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            Skip = $"{BrowserFixture.ChromiumPath} is missing (Debian: apt-get install -y chromium; ./saas test installs it)";
        }
    }
}
