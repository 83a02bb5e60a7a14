using System.Net;
using Microsoft.AspNetCore.Http;
using Saas.AppHost.Telemetry;
using Saas.AppHost.Tests.Support;
using Saas.ServiceDefaults.Telemetry;
using Saas.Testing;

namespace Saas.AppHost.Tests.Telemetry;

/// <summary>
/// A web app configured by ServiceDefaults (<c>ConfigureOpenTelemetry</c>, as every service), given exactly the
/// variables the AppHost wires: its requests, logs and request metrics reach the dashboard on their own timers,
/// logs carry the request's trace id, and a failing request shows as an error trace and in the error rate.
/// </summary>
public sealed class ServiceExportTests
{
    [Fact]
    public async Task Service_WhenWiredByTheAppHost_ShouldDeliverTracesLogsAndRequestMetrics()
    {
        await using var host = await ReceiverHost.StartAsync();
        var wiring = TelemetryWiring.For(new ConfigurationBuilder().Build(), host.Endpoint);
        await using var service = await StartServiceAsync(wiring);
        using var client = new HttpClient { BaseAddress = new Uri(service.Urls.Single()) };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ok")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("/fail")).StatusCode);

        // No flush here: what arrives, arrives on the export intervals the AppHost sets (the SDK defaults are 5 s and 60 s).
        var logs = await Eventually.GetAsync(
            () => Json.GetAsync(host.Dashboard, "/api/telemetry/logs?resource=identity&text=charge-declined"),
            found => found.AsArray().Count == 1, "the failing request's log record");
        var log = logs[0]!;
        Assert.Equal("Error", log.Str("level"));
        var traceId = log.Str("traceId");
        Assert.NotNull(traceId);

        var trace = await Eventually.GetAsync(
            async () => (await Json.GetAsync(host.Dashboard, "/api/telemetry/traces?resource=identity")).AsArray()
                .FirstOrDefault(t => t.Str("traceId") == traceId),
            found => found is not null, "the failing request's trace");
        Assert.Equal("error", trace.Str("status"));
        // The test's own HttpClient span is the root (ServiceDefaults instruments HttpClient in this process too).
        var spans = (await Json.GetAsync(host.Dashboard, $"/api/telemetry/traces/{traceId}"))["spans"]!.AsArray();
        var server = Assert.Single(spans, s => s.Str("kind") == "server");
        Assert.Equal("GET /fail", server.Str("name"));
        Assert.Equal("error", server.Str("status"));
        Assert.Equal("/fail", server!["attributes"].Str("http.route"));
        Assert.Equal(server.Str("spanId"), log.Str("spanId"));

        var identity = await Eventually.GetAsync(
            async () => (await Json.GetAsync(host.Dashboard, "/api/telemetry/metrics"))["services"]!.AsArray()
                .FirstOrDefault(s => s.Str("resource") == "identity"),
            found => found is not null && found.Num("requests") == 6, "six requests in identity's metrics");
        Assert.Equal(1 / 6.0, identity.Num("errorRate"), 3);
        Assert.True(identity.Num("p95Ms") > 0);
    }

    private static async Task<WebApplication> StartServiceAsync(IReadOnlyDictionary<string, string?> wiring)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ApplicationName = "Saas.Identity" });
        builder.Configuration.AddInMemoryCollection(wiring);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "identity" });
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort.Next()}");
        builder.ConfigureOpenTelemetry();
        var app = builder.Build();
        app.MapGet("/ok", () => "ok");
        app.MapGet("/fail", (ILogger<ServiceExportTests> logger) =>
        {
            logger.LogError("Payment failed: charge-declined for {Customer}", "cus_123");
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        });
        await app.StartAsync();
        return app;
    }
}
