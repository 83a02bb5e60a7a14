using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Saas.Testing;

namespace Saas.ServiceDefaults.Tests.Health;

/// <summary>
/// Every service that uses the bus (identity, billing, admin, webhooks: all call <c>AddServiceDefaults()</c> with messaging)
/// reports it in <c>/health</c>, the readiness probe the AppHost, docker-compose and Kubernetes poll: a service that
/// cannot reach RabbitMQ is not ready, while <c>/alive</c> still says the process runs. (Webhooks turns its bus check
/// into Degraded on purpose, so Stripe's deliveries keep being stored: see its BrokerOutageTests.)
/// </summary>
public sealed class BusReadinessTests
{
    [Fact]
    public async Task Health_WhenTheBrokerIsUnreachable_ShouldBeUnhealthyNamingTheBusWhileAliveStaysUp()
    {
        // A port nothing listens on: connections are refused at once.
        await using var app = await TestApps.StartAsync(
            [new("ConnectionStrings:messaging", $"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/")], waitForBus: false);
        var client = app.GetTestClient();

        var (status, body) = await ReadinessAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", BusCheck(body).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task Health_WhenTheBrokerIsUp_ShouldBeHealthyWithTheBusChecked()
    {
        await using var broker = new RabbitMqFixture();
        await broker.InitializeAsync();
        await using var app = await TestApps.StartAsync([new("ConnectionStrings:messaging", broker.ConnectionString)]);

        var (status, body) = await ReadinessAsync(app.GetTestClient());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", BusCheck(body).GetProperty("status").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>MassTransit's own check (named <c>masstransit-bus</c> in 8.x, tagged <c>ready</c>).</summary>
    private static JsonElement BusCheck(JsonElement health) =>
        Assert.Single(health.GetProperty("checks").EnumerateObject(), c => c.Name.StartsWith("masstransit", StringComparison.OrdinalIgnoreCase)).Value;
}
