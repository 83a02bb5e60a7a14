using System.Net;
using System.Net.Sockets;
using Saas.ServiceDefaults;

namespace Saas.Gateway.Tests.Support;

/// <summary>One echo backend per service, shared by every test of the collection.</summary>
public sealed class Backends : IAsyncLifetime
{
    private readonly Dictionary<string, EchoBackend> _byName = [];

    public EchoBackend this[string service] => _byName[service];

    public IEnumerable<EchoBackend> All => _byName.Values;

    /// <summary>The Aspire-style address settings pointing the gateway at these backends.</summary>
    public Dictionary<string, string?> AddressSettings() =>
        _byName.ToDictionary(b => $"services:{b.Key}:http:0", b => (string?)b.Value.Address);

    public async Task InitializeAsync()
    {
        foreach (var service in ResourceNames.Services)
        {
            _byName[service] = await EchoBackend.StartAsync(service);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var backend in _byName.Values)
        {
            await backend.DisposeAsync();
        }
    }

    /// <summary>An address where nothing listens: a port just released by the OS.</summary>
    public static string UnusedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}

// Sequential on purpose: WebApplicationFactory intercepts whichever host is being built in the process,
// so backends and gateways must not start concurrently, and some tests change a backend's answers.
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<Backends>
{
    public const string Name = "gateway";
}
