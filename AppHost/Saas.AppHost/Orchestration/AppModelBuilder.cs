using Microsoft.Extensions.Options;
using Saas.AppHost.Configuration;
using Saas.AppHost.Logs;
using Saas.AppHost.Processes;
using Saas.AppHost.Resources;
using Saas.ServiceDefaults;

namespace Saas.AppHost.Orchestration;

/// <summary>
/// Turns configuration into resources, checking first what would otherwise fail minutes later: the broker binary
/// and every build output. Ports are chosen here so every process can be told every address before any starts.
/// </summary>
internal static class AppModelBuilder
{
    private const string TargetFramework = "net10.0";

    /// <param name="telemetry">The <c>OTEL_*</c> variables for every service and the gateway (see TelemetryWiring).</param>
    public static AppModel Build(
        IOptions<AppHostOptions> options, IConfiguration configuration, TimeProvider time, IReadOnlyDictionary<string, string?> telemetry)
    {
        var o = options.Value;
        var data = o.DataDirectory!;
        var logs = Path.Combine(data, "logs");
        var externalBroker = configuration.GetConnectionString(ResourceNames.Messaging);
        if (string.IsNullOrWhiteSpace(externalBroker) && !File.Exists(RabbitMqNodeLayout.ServerScript))
        {
            throw new RabbitMqNotInstalledException();
        }

        var names = ResourceNames.Services.Append(ResourceNames.Gateway).ToList();
        var dlls = names.ToDictionary(name => name, name => DllPath(o.RepoRoot!, o.Configuration!, name));
        if (dlls.Values.FirstOrDefault(dll => !File.Exists(dll)) is { } missing)
        {
            var build = o.Configuration == "Release" ? "dotnet build Saas.sln -c Release" : "dotnet build Saas.sln";
            throw new PreflightException($"build first: {build} ({Path.GetRelativePath(o.RepoRoot!, missing)} is missing)");
        }

        // One call, so the emulator's port (the last) cannot collide with a service's.
        var ports = FreePorts.Next(ResourceNames.Services.Count + 1);
        var specs = ResourceNames.Services
            .Select((name, i) => new ProjectSpec(name, dlls[name], ports[i], $"http://127.0.0.1:{ports[i]}", ["/health"]))
            .ToList();
        var gatewayPort = o.GatewayPort == 0 ? FreePorts.Next() : o.GatewayPort;
        if (!FreePorts.IsFree(gatewayPort))
        {
            throw new PreflightException($"port {gatewayPort} is in use: stop what uses it or set AppHost:GatewayPort (e.g. --AppHost:GatewayPort=8081)");
        }

        // The gateway's /health asks every service; /alive first tells "still booting" apart from "a service is down".
        var gatewaySpec = new ProjectSpec(
            ResourceNames.Gateway, dlls[ResourceNames.Gateway], gatewayPort, $"http://localhost:{gatewayPort}", ["/alive", "/health"]);
        var allSpecs = specs.Append(gatewaySpec).ToList();

        BrokerResource messaging = string.IsNullOrWhiteSpace(externalBroker)
            ? new PrivateBrokerResource(Path.Combine(data, ResourceNames.Messaging), new ResourceLog(ResourceNames.Messaging, logs, o.Verbose))
            : new ExternalBrokerResource(externalBroker, new ResourceLog(ResourceNames.Messaging, logs, o.Verbose));

        var stripe = StripeWiring.Plan(configuration, o.RepoRoot!, o.Configuration!, ports[^1], gatewayPort);
        var mongo = configuration.GetConnectionString(ResourceNames.MongoDb) is { Length: > 0 } configured ? configured : null;
        var wiring = new EnvironmentWiring(
            EnvironmentName(),
            data,
            o.RepoRoot!,
            mongo,
            telemetry,
            stripe.Settings);
        var probe = new HealthProbe();
        ProjectResource Project(ProjectSpec spec) => new(
            spec, () => wiring.For(spec, messaging, allSpecs), new ResourceLog(spec.Name, logs, o.Verbose), probe, time);

        // The emulator needs no broker or service addresses: only its port (an argument) and webhook secret.
        List<ProjectResource> emulators = stripe.Emulator is { } emulator
            ? [new(emulator, () => stripe.EmulatorEnvironment, new ResourceLog(emulator.Name, logs, o.Verbose), probe, time)]
            : [];
        var database = mongo is null ? null : new ExternalDatabaseResource(mongo, new ResourceLog(ResourceNames.MongoDb, logs, o.Verbose));
        return new AppModel(messaging, emulators, specs.Select(Project).ToList(), Project(gatewaySpec), probe, database);
    }

    /// <summary><c>services/&lt;name&gt;/Saas.&lt;Name&gt;/bin/&lt;cfg&gt;/net10.0/Saas.&lt;Name&gt;.dll</c>; the gateway sits at the top level.</summary>
    public static string DllPath(string repoRoot, string configuration, string name)
    {
        var project = "Saas." + char.ToUpperInvariant(name[0]) + name[1..];
        var folder = name == ResourceNames.Gateway ? Path.Combine(repoRoot, "gateway", project) : Path.Combine(repoRoot, "services", name, project);
        return Path.Combine(folder, "bin", configuration, TargetFramework, project + ".dll");
    }

    /// <summary>The services run in the AppHost's environment, Development unless the operator says otherwise.</summary>
    private static string EnvironmentName() =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
        : Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
        : "Development";
}
