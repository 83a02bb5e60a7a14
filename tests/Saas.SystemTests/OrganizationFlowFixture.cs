using Saas.Testing;
using Saas.Testing.Aspire;

namespace Saas.SystemTests;

/// <summary>
/// An AppHost of its own for <see cref="OrganizationFlowTests"/>: the Stripe emulator (no Stripe key), identity's mail to a
/// real SMTP server, small usage limits so the organization's plan is easy to reach (free 5, pro 20 <c>api_calls</c>), no
/// trial on pro so a paid checkout is <c>active</c> at once, and a raised auth rate limit (four accounts, polling).
/// </summary>
public sealed class OrganizationFlowFixture : IAsyncLifetime
{
    public const int FreeLimit = 5;
    public const int ProLimit = 20;

    private SaasApp? _host;

    public SaasApp Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

    /// <summary>Null when the AppHost was not started (no aiosmtpd: the test is skipped).</summary>
    public string? GatewayUrl => _host?.GatewayUrl;

    public SmtpServer? Smtp { get; private set; }

    public string StripeUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (SmtpServer.Python.Value is null)
        {
            return; // the test is skipped (SmtpFact) and says why
        }

        Smtp = await SmtpServer.StartAsync();
        var environment = new Dictionary<string, string>(Smtp.IdentityEnvironment)
        {
            // billing's appsettings.json: plan 0 is "free", plan 1 is "pro" (price_pro_monthly).
            ["Billing__Plans__0__Limits__api_calls"] = FreeLimit.ToString(),
            ["Billing__Plans__1__Limits__api_calls"] = ProLimit.ToString(),
            ["Billing__Plans__1__TrialDays"] = "0",
            ["RateLimiting__Auth__PermitLimit"] = "1000",
        };
        try
        {
            _host = await SaasApp.StartAsync(new SaasAppOptions { ServiceEnvironment = environment });
            StripeUrl = _host.StripeUrl;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
            Smtp = null;
        }
    }
}
