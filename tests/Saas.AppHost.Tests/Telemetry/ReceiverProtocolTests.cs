using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry.Trace;
using Saas.AppHost.Telemetry.Otlp.Collector;
using Saas.AppHost.Telemetry.Otlp.Common;
using Saas.AppHost.Telemetry.Otlp.Trace;
using Saas.AppHost.Tests.Support;
using RpcStatus = Saas.AppHost.Telemetry.Otlp.Rpc.Status;

namespace Saas.AppHost.Tests.Telemetry;

/// <summary>The receiver's answers as OTLP/HTTP defines them: key, media types, encodings, bad bodies, ports.</summary>
public sealed class ReceiverProtocolTests : IAsyncLifetime
{
    private ReceiverHost _host = null!;

    public async Task InitializeAsync() => _host = await ReceiverHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Export_WhenTheApiKeyIsMissingOrWrong_ShouldAnswer401AndKeepNothing()
    {
        foreach (var key in new[] { null, "wrong-key-wrong-key-wrong" })
        {
            using var response = await PostAsync("/v1/traces", OneSpan("leaked"), key: key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("x-otlp-api-key", RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message);
        }

        // The real exporter with a wrong key is refused too (it reports the failure through its own event source).
        using var source = new ActivitySource("Test.WrongKey");
        using (var provider = OtlpSenders.Traces(_host, "intruder", source.Name, apiKey: "not-the-key-not-the-key"))
        {
            source.StartActivity("sneaky")!.Dispose();
            provider.ForceFlush();
        }

        Assert.Equal(0, _host.Store.SpanCount);
    }

    [Fact]
    public async Task Export_WhenAccepted_ShouldAnswer200WithTheProtobufResponse()
    {
        using var response = await PostAsync("/v1/traces", OneSpan("accepted"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(body.PartialSuccess);
        Assert.Equal(1, _host.Store.SpanCount);
    }

    [Fact]
    public async Task Export_WhenGzipped_ShouldBeInflatedAndKept()
    {
        using var response = await PostAsync("/v1/traces", Gzip(OneSpan("compressed").ToByteArray()), gzip: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("compressed", Assert.Single((await Json.GetAsync(_host.Dashboard, "/api/telemetry/traces")).Array()).Str("rootName"));
    }

    [Theory]
    [InlineData("/v1/traces", false)]
    [InlineData("/v1/logs", false)]
    [InlineData("/v1/metrics", false)]
    [InlineData("/v1/traces", true)]
    public async Task Export_WhenTheBodyDoesNotDecode_ShouldAnswer400WithAStatusAndKeepNothing(string path, bool gzip)
    {
        // A length-delimited field 1 claiming 200 bytes where 3 follow: no protobuf parser accepts it.
        byte[] garbage = [0x0A, 0xC8, 0x01, 0x01, 0x02, 0x03];
        // Sent as gzip, the same bytes are not even a gzip stream.
        using var response = await PostAsync(path, garbage, gzip: gzip);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a valid Export", RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message);
        Assert.Equal(0, _host.Store.SpanCount + _host.Store.LogCount + _host.Store.MetricPointCount);
    }

    [Fact]
    public async Task Export_WhenSentAsJson_ShouldAnswer415SayingProtobufIsNeeded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new StringContent("{\"resourceSpans\":[]}") };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-otlp-api-key", ReceiverHost.ApiKey);
        using var response = await _host.Otlp.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("OTLP/JSON is not supported", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ports_ShouldEachAnswerOnlyTheirOwnRoutes()
    {
        using (var onDashboard = await PostAsync("/v1/traces", OneSpan("wrong port"), client: _host.Dashboard))
        {
            Assert.Equal(HttpStatusCode.NotFound, onDashboard.StatusCode);
        }

        using (var onOtlp = await _host.Otlp.GetAsync("/api/telemetry/resources"))
        {
            Assert.Equal(HttpStatusCode.NotFound, onOtlp.StatusCode);
        }

        Assert.Equal(0, _host.Store.SpanCount);
    }

    [Fact]
    public async Task Export_WhenASpanHasNoValidIds_ShouldReportItRejectedAndKeepTheRest()
    {
        var request = OneSpan("good");
        request.ResourceSpans[0].ScopeSpans[0].Spans.Add(new Span { Name = "no ids" });

        using var response = await PostAsync("/v1/traces", request);

        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, body.PartialSuccess.RejectedSpans);
        Assert.Equal(1, _host.Store.SpanCount);
    }

    internal static ExportTraceServiceRequest OneSpan(string name, string service = "identity") => Spans(service, [name]);

    internal static ExportTraceServiceRequest Spans(string service, IEnumerable<string> names)
    {
        var scope = new ScopeSpans();
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        scope.Spans.AddRange(names.Select(name => new Span
        {
            TraceId = ByteString.CopyFrom(ActivityTraceId.CreateRandom().ToHexString().HexBytes()),
            SpanId = ByteString.CopyFrom(ActivitySpanId.CreateRandom().ToHexString().HexBytes()),
            Name = name,
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + 1_500_000,
            Attributes = { new KeyValue { Key = "http.route", Value = new AnyValue { StringValue = "/api/auth/register" } } },
        }));
        var resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } } } };
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scope } } } };
    }

    private Task<HttpResponseMessage> PostAsync(string path, IMessage message, string? key = ReceiverHost.ApiKey) =>
        PostAsync(path, message.ToByteArray(), key: key);

    private async Task<HttpResponseMessage> PostAsync(
        string path, byte[] body, bool gzip = false, string? key = ReceiverHost.ApiKey, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        if (key is not null)
        {
            request.Headers.Add("x-otlp-api-key", key);
        }

        return await (client ?? _host.Otlp).SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(string path, IMessage message, HttpClient client) =>
        PostAsync(path, message.ToByteArray(), client: client);

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }
}

internal static class HexExtensions
{
    public static byte[] HexBytes(this string hex) => Convert.FromHexString(hex);
}
