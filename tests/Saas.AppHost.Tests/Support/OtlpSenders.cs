using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Saas.AppHost.Tests.Support;

/// <summary>
/// The real OpenTelemetry .NET SDK with its OTLP exporter (HTTP/protobuf), pointed at a <see cref="ReceiverHost"/>:
/// what reaches the receiver is what a service sends. Exports happen on <c>ForceFlush</c>, not on a timer.
/// </summary>
public static class OtlpSenders
{
    public static TracerProvider Traces(ReceiverHost host, string service, string source, string apiKey = ReceiverHost.ApiKey) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(source)
            .AddOtlpExporter(o => Configure(o, host, "/v1/traces", apiKey))
            .Build();

    public static ILoggerFactory Logs(ReceiverHost host, string service) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(e => Configure(e, host, "/v1/logs", ReceiverHost.ApiKey));
        }));

    public static MeterProvider Metrics(ReceiverHost host, string service, string meter, MetricReaderTemporalityPreference temporality, double[] bounds) =>
        Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddMeter(meter)
            .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = bounds })
            .AddOtlpExporter((e, reader) =>
            {
                Configure(e, host, "/v1/metrics", ReceiverHost.ApiKey);
                reader.TemporalityPreference = temporality;
                // Only ForceFlush exports: the test decides what each export holds.
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)TimeSpan.FromHours(1).TotalMilliseconds;
            })
            .Build();

    private static void Configure(OtlpExporterOptions options, ReceiverHost host, string path, string apiKey)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        // Set in code, the endpoint is used as given: the signal's path is part of it.
        options.Endpoint = new Uri(host.OtlpUrl + path);
        options.Headers = $"x-otlp-api-key={apiKey}";
        options.ExportProcessorType = ExportProcessorType.Simple;
    }
}
