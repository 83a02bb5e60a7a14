using System.Net;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;
using Saas.AppHost.Telemetry;
using Saas.AppHost.Tests.Support;
using Saas.ServiceDefaults;
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
            found => found is not null && found.Num("requests") >= 6 && found.Num("errorRate") > 0, "identity's requests and its 500 in the metrics");
        // At least: ASP.NET Core's meter is process-wide, so this in-process "service" also counts the receiver's own
        // requests (in the AppHost every service is a process of its own).
        Assert.InRange(identity!.Num("errorRate"), 0.001, 1 / 6.0 + 0.001);
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

/// <summary>When the receiver is away (the AppHost stopping before its children), exporting fails quietly.</summary>
public sealed class ExporterOutageTests
{
    [Fact]
    public async Task ExporterClient_WhenTheReceiverIsDown_ShouldFailOnceWithoutTheResilienceHandler()
    {
        var closed = new Saas.AppHost.Telemetry.Receiver.OtlpEndpoint(
            Microsoft.Extensions.Options.Options.Create(new OtlpReceiverOptions { OtlpPort = FreePort.Next(), OtlpApiKey = ReceiverHost.ApiKey }));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ApplicationName = "Saas.Identity" });
        builder.Configuration.AddInMemoryCollection(TelemetryWiring.For(new ConfigurationBuilder().Build(), closed));
        var captured = new CapturingLoggerProvider();
        builder.Logging.AddProvider(captured);
        // All of ServiceDefaults, as the gateway calls it: its HttpClient defaults are what matter here.
        builder.AddServiceDefaults(withMessaging: false);
        await using var app = builder.Build();
        app.Services.GetRequiredService<TracerProvider>();

        // The client the OTLP exporter sends through: one attempt, no retries, nothing logged by Polly.
        var exporterClient = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("OtlpTraceExporter");
        await Assert.ThrowsAsync<HttpRequestException>(() => exporterClient.PostAsync(closed.Url + "/v1/traces", new ByteArrayContent([])));

        Assert.DoesNotContain(captured.Categories, c => c.StartsWith("Polly", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Categories { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    provider.Categories.Add(category);
                }
            }
        }
    }
}
