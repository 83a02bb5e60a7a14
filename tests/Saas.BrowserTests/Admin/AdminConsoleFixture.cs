using Microsoft.Playwright;
using Saas.Testing;
using Saas.Testing.Aspire;
using Saas.Testing.Broker;

namespace Saas.BrowserTests.Admin;

/// <summary>
/// For the console's browser tests: a broker of their own (so a test can make billing's queues reject messages and a
/// Stripe event fail), an AppHost on it with known admin credentials, Stripe webhook secret and a two-attempt retry
/// schedule, and headless Chromium. Starts nothing when Chromium is missing (the tests are skipped then).
/// </summary>
public sealed class AdminConsoleFixture : IAsyncLifetime
{
    public const string AdminUser = "browser-ops";
    public const string AdminPassword = "browser test admin password";
    public const string WebhookSecret = "whsec_admin_browser_test";

    /// <summary>What admin is told the dashboard's address is, so attempts' trace ids become links.</summary>
    public const string DashboardUrl = "http://localhost:18888";

    private StaffReplaySystem? _system;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public RabbitMqNode Broker => System.Broker;

    public SaasApp Host => System.Host;

    private StaffReplaySystem System => _system ?? throw new InvalidOperationException("the system has not been started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser has not been started");

    /// <summary>Where the console's screenshots go: the test output's <c>screenshots/admin/</c>.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin");

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            return;
        }

        // The console tests sign staff in many times in one run.
        // The alert tests wait for the rules' next evaluation (default every 30 s).
        _system = await StaffReplaySystem.StartAsync("sk_test_admin_browser_test", WebhookSecret, AdminUser, AdminPassword,
            new Dictionary<string, string>
            {
                ["RateLimiting__Auth__PermitLimit"] = "1000",
                ["Alerts__EvaluationInterval"] = "00:00:02",
                ["Dashboard__Url"] = DashboardUrl,
            });
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdminConsoleCollection : ICollectionFixture<AdminConsoleFixture>
{
    public const string Name = "admin console";
}
