using Microsoft.Extensions.Options;
using Saas.AppHost.Telemetry;
using Saas.AppHost.Telemetry.Receiver;
using Saas.AppHost.Tests.Support;

namespace Saas.AppHost.Tests.Telemetry;

/// <summary>The receiver's settings are checked at start, and what the AppHost hands every child.</summary>
public sealed class TelemetrySettingsTests
{
    [Theory]
    [InlineData("AppHost:OtlpPort", "70000")]
    [InlineData("AppHost:OtlpApiKey", "short")]
    [InlineData("AppHost:OtlpApiKey", "has spaces, commas and = signs")]
    [InlineData("AppHost:Telemetry:MaxSpans", "0")]
    [InlineData("AppHost:Telemetry:MaxLogs", "-1")]
    [InlineData("AppHost:Telemetry:MaxMetricPoints", "99999999")]
    [InlineData("AppHost:Telemetry:QueuePollSeconds", "0")]
    public void Build_WhenASettingIsInvalid_ShouldFailNamingItsKey(string key, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ReceiverHost.Build(new Dictionary<string, string?> { [key] = value }, null, out _, out _));

        Assert.Contains(failure.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Wiring_WhenNoCollectorIsConfigured_ShouldPointEveryChildAtTheReceiverWithItsKey()
    {
        var endpoint = new OtlpEndpoint(Options.Create(new OtlpReceiverOptions { OtlpPort = 0 }));
        var env = TelemetryWiring.For(new ConfigurationBuilder().Build(), endpoint);

        Assert.Equal($"http://127.0.0.1:{endpoint.Port}", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal($"x-otlp-api-key={endpoint.ApiKey}", env["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal(64, endpoint.ApiKey.Length);
        Assert.NotEqual(0, endpoint.Port);
        Assert.All(new[] { "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_METRIC_EXPORT_INTERVAL" },
            key => Assert.InRange(int.Parse(env[key]!), 500, 5000));
    }

    [Fact]
    public void Wiring_WhenTheOperatorNamesACollector_ShouldPassItsSettingsThrough()
    {
        var endpoint = new OtlpEndpoint(Options.Create(new OtlpReceiverOptions()));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        }).Build();

        var env = TelemetryWiring.For(configuration, endpoint);

        Assert.Equal("http://collector:4317", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        // Null removes an inherited value: our key is no business of someone else's collector.
        Assert.Null(env["OTEL_EXPORTER_OTLP_HEADERS"]);
    }
}
