using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>
/// An AppHost of its own for <see cref="BillingFlowTests"/>: no Stripe key, so the AppHost starts its Stripe emulator
/// (resource <c>stripe</c>). Pro's trial is switched off so a paid checkout is <c>active</c> at once, and the auth rate
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

    private AppHostProcess? _host;

    public AppHostProcess Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

    /// <summary>The emulator's address, as the AppHost's status API shows it.</summary>
    public string StripeUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _host = await AppHostProcess.StartAsync(environment: Environment);
        var stripe = (await _host.GetResourcesAsync()).SingleOrDefault(r => r.Name == "stripe")
            ?? throw new InvalidOperationException($"the AppHost started no Stripe emulator:{System.Environment.NewLine}{_host.Output}");
        StripeUrl = stripe.Url!.TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
