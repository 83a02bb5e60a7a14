using System.Net;
using Aspire.Hosting.Testing;
using Saas.ServiceDefaults;
using Saas.Testing;
using Saas.Testing.Broker;

namespace Saas.SystemTests;

/// <summary>Each process gets the environment of DESIGN.md's wiring table, read back from the running processes.</summary>
[Collection(SharedSystemCollection.Name)]
public sealed class WiringTests(SharedSystem fixture)
{
    private static readonly string[] Projects = [.. ResourceNames.Services, ResourceNames.Gateway];

    [Fact]
    public void Processes_WhenStartedByTheAppHost_ShouldReceiveTheAspireStyleEnvironment()
    {
        var host = fixture.Host;
        var urls = Projects.ToDictionary(p => p, p => host.App.GetEndpoint(p, "http").ToString().TrimEnd('/'));
        var broker = host.App.GetEndpoint(ResourceNames.Messaging, "amqp");

        foreach (var project in Projects)
        {
            var pid = host.ProcessIdOf(project) ?? throw new InvalidOperationException($"{project} has no pid");
            // Aspire runs a project with `dotnet run`: the service is that process's child.
            var service = ProcessTable.ChildrenOf(pid).FirstOrDefault(child => ProcessTable.Environment(child).ContainsKey("OTEL_SERVICE_NAME"));
            var env = ProcessTable.Environment(service == 0 ? pid : service);
            string Get(string key) => env.TryGetValue(key, out var value) ? value : $"<{key} missing in {project}>";

            Assert.Equal(project, Get("OTEL_SERVICE_NAME"));
            Assert.StartsWith("http://localhost:", Get("OTEL_EXPORTER_OTLP_ENDPOINT"));
            Assert.Equal("Development", Get("ASPNETCORE_ENVIRONMENT"));
            Assert.Equal(urls[project], Get("ASPNETCORE_URLS"));
            Assert.Equal($"amqp://guest:guest@127.0.0.1:{broker.Port}/", Get("ConnectionStrings__messaging"));
            Assert.Equal(Path.Combine(host.DataDirectory, project), Get("Storage__DataDirectory"));
            Assert.False(env.ContainsKey("ConnectionStrings__mongodb"), "no MongoDB was configured, so none may be passed");
            Assert.False(env.ContainsKey("DOTNET_URLS") || env.ContainsKey("HTTP_PORTS"), "inherited port settings must be removed");
            var stripe = env.Keys.Where(k => k.StartsWith("Stripe__", StringComparison.Ordinal)).ToList();
            Assert.True(
                project is ResourceNames.Billing or ResourceNames.Webhooks ? stripe.Count == 3 : stripe.Count == 0,
                $"{project} got Stripe settings [{string.Join(", ", stripe)}]");
            foreach (var other in ResourceNames.Services.Where(s => s != project))
            {
                Assert.Equal(urls[other], Get($"services__{other}__http__0"));
            }
        }
    }

    [Theory]
    [InlineData(ResourceNames.Identity, "/internal/users/nobody")]
    [InlineData(ResourceNames.Webhooks, "/internal/webhooks/counts")]
    public async Task InternalRoutes_WhenCalledWithoutTheAppHostsKey_ShouldBeRefused(string service, string path)
    {
        // Development opens /internal/** when no key is configured; under the AppHost every service has one.
        var url = fixture.Host.App.GetEndpoint(service, "http").ToString().TrimEnd('/') + path;
        using var http = new HttpClient();
        using var withoutKey = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(InternalApiKey.HeaderName, InternalApiKey.Value);
        using var withKey = await http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.Unauthorized, withKey.StatusCode);
    }
}
