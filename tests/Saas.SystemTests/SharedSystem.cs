using Saas.Testing;
using Saas.Testing.Aspire;

namespace Saas.SystemTests;

/// <summary>
/// One running system (the AppHost's app model under Aspire's test host) for every class of a collection: starting one
/// costs tens of seconds, so the classes that only read or touch their own users and organizations share it. Its
/// settings are the union of what those classes ask for (<see cref="BillingFlowTests"/>, <see cref="MeteringGateway"/>,
/// <see cref="OrganizationFlowTests"/>, <see cref="BrokerFailureTests"/>, a raised auth rate limit for their many
/// accounts); a key two of them set
/// differently stops the start, since such classes cannot share a system. Identity sends its mail to a real SMTP server
/// (aiosmtpd) started with it, when aiosmtpd is installed; without it the SMTP tests are skipped (<see cref="SmtpFactAttribute"/>).
/// </summary>
public sealed class SharedSystem : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Shared = new() { ["RateLimiting__Auth__PermitLimit"] = "1000" };
    private SaasApp? _host;

    public SaasApp Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

    public string GatewayUrl => Host.GatewayUrl;

    /// <summary>The Stripe emulator's address (no Stripe key is configured, so the AppHost runs it).</summary>
    public string StripeUrl => Host.StripeUrl;

    /// <summary>The SMTP server identity delivers to; null without python3-aiosmtpd (then mail goes to the dev mailbox).</summary>
    public SmtpServer? Smtp { get; private set; }

    public async Task InitializeAsync()
    {
        if (SmtpServer.Python.Value is not null)
        {
            Smtp = await SmtpServer.StartAsync();
        }

        try
        {
            _host = await SaasApp.StartAsync(new SaasAppOptions
            {
                AppHostConfiguration = Union(BillingFlowTests.AppHostSettings, BrokerFailureTests.AppHostSettings),
                ServiceEnvironment = Union(Shared, BillingFlowTests.Settings, MeteringGateway.Settings, OrganizationFlowTests.Settings,
                    Smtp?.IdentityEnvironment ?? new Dictionary<string, string>()),
            });
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

    private static Dictionary<string, string> Union(params IReadOnlyDictionary<string, string>[] settings)
    {
        var union = new Dictionary<string, string>();
        foreach (var (key, value) in settings.SelectMany(s => s))
        {
            if (union.TryGetValue(key, out var other) && other != value)
            {
                throw new InvalidOperationException($"{key} is set to both {other} and {value}: those classes need systems of their own");
            }

            union[key] = value;
        }

        return union;
    }
}

/// <summary>
/// The tests that share one system and leave it as they found it. Classes of one collection run one after another;
/// those that kill or stop its processes (<see cref="SupervisionTests"/>, <see cref="BrokerFailureTests"/>) are marked
/// <see cref="RunsLastInCollectionAttribute"/>, so a read-only class never runs while a process is down.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedSystemCollection : ICollectionFixture<SharedSystem>
{
    public const string Name = "shared system";
}
