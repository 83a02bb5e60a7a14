using System.Text;
using System.Text.Json;
using Saas.ServiceDefaults;

namespace Saas.SystemTests;

/// <summary>Every service answers through the gateway on its route prefix; internal paths never get through.</summary>
[Collection(SharedSystemCollection.Name)]
public sealed class GatewayRoutingTests(SharedSystem fixture) : IDisposable
{
    private readonly GatewayClient _gateway = new(fixture.Host.GatewayUrl);

    public static TheoryData<string, string, string, int, string> ServiceRoutes => new()
    {
        { ResourceNames.Identity, "GET", "/api/auth/me", 401, "error" },
        { ResourceNames.Billing, "GET", "/api/billing/plans", 200, "plans" },
        { ResourceNames.Admin, "GET", "/api/settings/public", 200, "settings" },
        { ResourceNames.Webhooks, "POST", "/api/stripe/webhook", 400, "error" },
    };

    [Theory]
    [MemberData(nameof(ServiceRoutes))]
    public async Task ServiceRoute_WhenCalledThroughTheGateway_ShouldAnswerFromItsService(
        string service, string method, string path, int expectedStatus, string expectedMember)
    {
        // The webhook call has no Stripe-Signature header on purpose: the service must reject it.
        var content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null;

        var (status, body) = await _gateway.SendAsync(new HttpMethod(method), path, content);

        Assert.True(status == expectedStatus, $"{service}: {method} {path} answered {status}, expected {expectedStatus}; body: {body}");
        Assert.True(
            body.ValueKind == JsonValueKind.Object && body.TryGetProperty(expectedMember, out _),
            $"{service}: expected a '{expectedMember}' member in {body}");
    }

    [Theory]
    [InlineData("/internal/anything")]
    [InlineData("/internal/users/1")]
    public async Task InternalPath_WhenRequestedAtTheGateway_ShouldBeNotFound(string path)
    {
        var (status, _) = await _gateway.GetAsync(path);

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Health_WhenAllServicesRun_ShouldNameEachServiceHealthy()
    {
        var (status, body) = await _gateway.GetAsync("/health");

        Assert.True(status == 200, $"gateway /health answered {status}: {body}");
        var services = ServicesOf(body);
        foreach (var name in ResourceNames.Services)
        {
            Assert.True(services.TryGetProperty(name, out var entry), $"/health does not name {name}: {body}");
            var state = entry.ValueKind == JsonValueKind.String ? entry.GetString() : entry.GetProperty("status").GetString();
            Assert.True(state == "Healthy", $"{name} is {state}: {body}");
        }
    }

    public void Dispose() => _gateway.Dispose();

    /// <summary>The member listing the services (<c>services</c> or <c>checks</c>), whichever the report uses.</summary>
    private static JsonElement ServicesOf(JsonElement report) =>
        report.EnumerateObject()
            .Select(p => p.Value)
            .FirstOrDefault(v => v.ValueKind == JsonValueKind.Object && ResourceNames.Services.All(name => v.TryGetProperty(name, out _)),
                report);
}
