using Saas.Benchmarks;
using Saas.Testing;

// Measures one small JSON endpoint (billing's public plan list) three ways in one run, so the
// ratios compare like with like on the same machine and the same moment.
var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
var work = Directory.CreateTempSubdirectory("saas-bench-");
await using var processes = new BenchProcesses(work.FullName);

try
{
    var billingPort = FreePort.Next();
    var gatewayPort = FreePort.Next();
    var dataDir = Path.Combine(work.FullName, "billing");
    await processes.StartDotnetAsync("billing", RepoPaths.ProjectDll("billing"), billingPort,
        new() { ["Storage__DataDirectory"] = dataDir });

    var serviceAddresses = new Dictionary<string, string>();
    foreach (var service in new[] { "identity", "billing", "admin", "webhooks" })
    {
        // Only billing is exercised; the others need an address for the gateway to start.
        serviceAddresses[$"services__{service}__http__0"] = service == "billing" ? $"http://127.0.0.1:{billingPort}" : "http://127.0.0.1:9";
    }

    await processes.StartDotnetAsync("gateway", RepoPaths.ProjectDll("gateway"), gatewayPort, serviceAddresses, healthPath: "/alive");

    var targets = new List<(string Name, string Url)>
    {
        ("direct (Kestrel)", $"http://127.0.0.1:{billingPort}/api/billing/plans"),
        ("through gateway (YARP)", $"http://127.0.0.1:{gatewayPort}/api/billing/plans"),
    };
    if (await processes.TryStartNginxAsync(billingPort) is { } nginxPort)
    {
        targets.Add(("through nginx", $"http://127.0.0.1:{nginxPort}/api/billing/plans"));
    }

    var load = LoadGenerator.Create();
    Console.WriteLine($"saas bench: GET /api/billing/plans, {seconds} s each, {load.Description}, {Environment.ProcessorCount} cores");
    var results = new List<(string Name, LoadResult Result)>();
    foreach (var (name, url) in targets)
    {
        await load.RunAsync(url, TimeSpan.FromSeconds(2));
        results.Add((name, await load.RunAsync(url, TimeSpan.FromSeconds(seconds))));
    }

    ResultTable.Print(results);
}
finally
{
    await processes.DisposeAsync();
    work.Delete(recursive: true);
}
