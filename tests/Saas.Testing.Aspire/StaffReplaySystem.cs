using Saas.Testing.Broker;

namespace Saas.Testing.Aspire;

/// <summary>
/// The system the staff replay tests (admin's system test and the admin console's browser tests) run on: a RabbitMQ node
/// of its own, so a test can make billing's queues refuse messages and a Stripe event fail without touching any other
/// system, and an AppHost on it configured by <see cref="SaasAppOptions.ForStaffReplay"/> (Stripe key, webhook secret,
/// operator account, a fail-fast retry schedule).
/// </summary>
public sealed class StaffReplaySystem : IAsyncDisposable
{
    private readonly TempDirectory _brokerDirectory;
    private SaasApp? _host;

    private StaffReplaySystem(TempDirectory brokerDirectory, RabbitMqNode broker)
    {
        _brokerDirectory = brokerDirectory;
        Broker = broker;
    }

    public RabbitMqNode Broker { get; }

    public SaasApp Host => _host ?? throw new InvalidOperationException("the AppHost has not been started");

    /// <summary>Starts the broker, then the AppHost on it; <paramref name="serviceEnvironment"/> adds to every service's settings.</summary>
    public static async Task<StaffReplaySystem> StartAsync(
        string stripeSecretKey, string webhookSecret, string adminUser, string adminPassword,
        IReadOnlyDictionary<string, string>? serviceEnvironment = null)
    {
        var directory = new TempDirectory("saas-replay-broker");
        RabbitMqNode broker;
        try
        {
            broker = await RabbitMqNode.StartAsync(directory.Path);
        }
        catch
        {
            directory.Dispose();
            throw;
        }

        var system = new StaffReplaySystem(directory, broker);
        try
        {
            var options = SaasAppOptions.ForStaffReplay(broker.ConnectionString, stripeSecretKey, webhookSecret, adminUser, adminPassword);
            foreach (var (key, value) in serviceEnvironment ?? new Dictionary<string, string>())
            {
                options.ServiceEnvironment[key] = value;
            }

            system._host = await SaasApp.StartAsync(options);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Broker.StopAsync();
        _brokerDirectory.Dispose();
    }
}
