using Saas.AppHost.Resources;

namespace Saas.AppHost.Orchestration;

/// <summary>The resources of one AppHost run, in start order: messaging, the emulators (Stripe's), the services, the gateway.</summary>
internal sealed class AppModel(
    BrokerResource messaging, IReadOnlyList<ProjectResource> emulators, IReadOnlyList<ProjectResource> services, ProjectResource gateway,
    HealthProbe probe, Resource? database = null) : IDisposable
{
    public BrokerResource Messaging => messaging;

    /// <summary>The local Stripe emulator when no Stripe key is set (and it is built); empty otherwise.</summary>
    public IReadOnlyList<ProjectResource> Emulators => emulators;
    public IReadOnlyList<ProjectResource> Services => services;
    public ProjectResource Gateway => gateway;
    /// <summary>The configured MongoDB, listed for the operator; null when the services use the embedded store.</summary>
    public Resource? Database => database;

    public IReadOnlyList<Resource> All { get; } = [messaging, .. database is null ? [] : new[] { database }, .. emulators, .. services, gateway];

    /// <summary>What operators type into a browser; the gateway itself binds 127.0.0.1.</summary>
    public string GatewayUrl => $"http://localhost:{gateway.Spec.Port}";

    public Resource? Find(string name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    public void Dispose()
    {
        foreach (var resource in All)
        {
            resource.Log.Dispose();
        }

        probe.Dispose();
    }
}
