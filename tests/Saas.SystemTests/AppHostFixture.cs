using Saas.Testing;
using Saas.Testing.Aspire;

namespace Saas.SystemTests;

/// <summary>
/// One running system (the AppHost's app model under Aspire's test host), shared by the tests of a class or collection (starting one takes seconds). Identity sends its
/// mail to a real SMTP server (aiosmtpd) started with it, when aiosmtpd is installed.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private SaasApp? _host;

    public SaasApp Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

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
                ServiceEnvironment = Smtp is null ? [] : new(Smtp.IdentityEnvironment),
            });
        }
        catch when (Smtp is not null)
        {
            await Smtp.DisposeAsync();
            Smtp = null;
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one AppHost and leave it running.</summary>
[CollectionDefinition(Name)]
public sealed class RunningSystemCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "running system";
}
