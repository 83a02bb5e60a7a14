using System.Net;
using Saas.Gateway.Tests.Support;
using Saas.ServiceDefaults;

namespace Saas.Gateway.Tests.Health;

[Collection(GatewayCollection.Name)]
public sealed class HealthTests(Backends backends)
{
    [Fact]
    public async Task GetHealth_WhenEveryServiceHealthy_ShouldReturn200ListingEach()
    {
        using var gateway = new GatewayFactory(backends);

        var response = await gateway.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.ReadJsonAsync();
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var services = health.GetProperty("services");
        foreach (var service in ResourceNames.Services)
        {
            var entry = services.GetProperty(service);
            Assert.Equal("Healthy", entry.GetProperty("status").GetString());
            Assert.True(entry.GetProperty("durationMs").GetInt64() >= 0);
            Assert.False(entry.TryGetProperty("error", out _));
        }
    }

    [Fact]
    public async Task GetHealth_WhenOneServiceAnswers503_ShouldReturn503MarkingIt()
    {
        await using var sick = await EchoBackend.StartAsync("billing", HttpStatusCode.ServiceUnavailable);
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?> { ["services:billing:http:0"] = sick.Address });

        var response = await gateway.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = await response.ReadJsonAsync();
        Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
        var billing = health.GetProperty("services").GetProperty("billing");
        Assert.Equal("Unhealthy", billing.GetProperty("status").GetString());
        Assert.Contains("503", billing.GetProperty("error").GetString());
        Assert.Equal("Healthy", health.GetProperty("services").GetProperty("identity").GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetHealth_WhenOneServiceDown_ShouldReturn503MarkingIt()
    {
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?> { ["services:webhooks:http:0"] = Backends.UnusedAddress() });

        var response = await gateway.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var webhooks = (await response.ReadJsonAsync()).GetProperty("services").GetProperty("webhooks");
        Assert.Equal("Unhealthy", webhooks.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(webhooks.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task GetHealth_WhenOneServiceHangs_ShouldGiveUpAtTheProbeTimeout()
    {
        await using var slow = await EchoBackend.StartAsync("admin", healthDelay: TimeSpan.FromSeconds(30));
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?>
        {
            ["services:admin:http:0"] = slow.Address,
            ["Gateway:HealthProbeTimeoutSeconds"] = "0.3",
        });

        var response = await gateway.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var admin = (await response.ReadJsonAsync()).GetProperty("services").GetProperty("admin");
        Assert.Equal("no answer within 0.3 s", admin.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GetAlive_WhenServicesDown_ShouldStillReturn200()
    {
        using var gateway = new GatewayFactory(backends, new Dictionary<string, string?> { ["services:identity:http:0"] = Backends.UnusedAddress() });

        var response = await gateway.CreateClient().GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
