using Saas.AppHost.Processes;
using Saas.ServiceDefaults;

namespace Saas.SystemTests;

/// <summary>Each process gets the environment of DESIGN.md's wiring table, read back from the running processes.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class WiringTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Processes_WhenStartedByTheAppHost_ShouldReceiveTheAspireStyleEnvironment()
    {
        var resources = await fixture.Host.GetResourcesAsync();
        var projects = resources.Where(r => r.Type == "project").ToList();
        var messaging = resources.Single(r => r.Name == ResourceNames.Messaging);
        Assert.Equal(ResourceNames.Services.Append(ResourceNames.Gateway).Order(), projects.Select(p => p.Name).Order());

        foreach (var project in projects)
        {
            var env = ProcessTable.Environment(project.Pid!.Value);
            string Get(string key) => env.TryGetValue(key, out var value) ? value : $"<{key} missing in {project.Name}>";

            Assert.Equal(project.Name, Get("OTEL_SERVICE_NAME"));
            Assert.Equal("Development", Get("ASPNETCORE_ENVIRONMENT"));
            Assert.Equal($"http://127.0.0.1:{new Uri(project.Url!).Port}", Get("ASPNETCORE_URLS"));
            Assert.Equal($"amqp://guest:guest@127.0.0.1:{new Uri(messaging.Url!).Port}/", Get("ConnectionStrings__messaging"));
            Assert.Equal(Path.Combine(fixture.Host.DataDirectory, project.Name), Get("Storage__DataDirectory"));
            Assert.False(env.ContainsKey("ConnectionStrings__mongodb"), "no MongoDB was configured, so none may be passed");
            foreach (var other in projects)
            {
                Assert.Equal($"http://127.0.0.1:{new Uri(other.Url!).Port}", Get($"services__{other.Name}__http__0"));
            }
        }
    }
}
