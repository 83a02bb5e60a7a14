using Saas.Testing.Aspire;

namespace Saas.SystemTests;

/// <summary>
/// An AppHost of its own for <see cref="BillingFlowTests"/>: no Stripe key, so the AppHost starts its Stripe emulator
/// (resource <c>stripe</c>), and an operator-configured webhook secret. Pro's trial is switched off so a paid checkout is <c>active</c> at once, and the auth rate
/// limit is raised because the test polls <c>/api/auth/me</c>.
/// </summary>
public sealed class BillingFlowFixture : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        // billing's appsettings.json: plan 1 is "pro" (price_pro_monthly) with a 14-day trial.
        ["Billing__Plans__1__TrialDays"] = "0",
        ["RateLimiting__Auth__PermitLimit"] = "1000",
    };

    private SaasApp? _host;

    public SaasApp Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

    /// <summary>
    /// A webhook secret the operator configured (as from <c>stripe listen</c>): with the emulator running, the services
    /// must accept it as well as the emulator's own secret (issue 13, item 4).
    /// </summary>
    public const string OperatorWebhookSecret = "whsec_operator_configured_for_system_tests";

    /// <summary>The emulator's address, as the app model shows it.</summary>
    public string StripeUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _host = await SaasApp.StartAsync(new SaasAppOptions
        {
            AppHostConfiguration = new() { ["Stripe:WebhookSecret"] = OperatorWebhookSecret },
            ServiceEnvironment = Environment,
        });
        StripeUrl = _host.StripeUrl;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
