using Google.Protobuf;
using Microsoft.Net.Http.Headers;
using Saas.AppHost.Telemetry.Otlp.Collector;
using Saas.AppHost.Telemetry.Store;
using RpcStatus = Saas.AppHost.Telemetry.Otlp.Rpc.Status;

namespace Saas.AppHost.Telemetry.Receiver;

/// <summary>
/// OTLP/HTTP (protobuf) on the receiver's own port: <c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>. Answers
/// as the specification says: 200 with the Export*ServiceResponse, otherwise a google.rpc.Status body — 401 without
/// the api key, 415 for OTLP/JSON or an unknown encoding, 400 for a body that does not decode, 413 for one too large.
/// </summary>
internal static class OtlpReceiverEndpoints
{
    public static readonly string[] Paths = ["/v1/traces", "/v1/logs", "/v1/metrics"];
    private const string Protobuf = "application/x-protobuf";

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder app)
    {
        app.MapPost(Paths[0], (HttpContext http, TelemetryStore store) => ReceiveAsync(http, ExportTraceServiceRequest.Parser, request =>
        {
            var (spans, rejected) = SpanDecoder.Decode(request);
            store.AddSpans(spans);
            return new ExportTraceServiceResponse
            {
                PartialSuccess = rejected == 0 ? null : new() { RejectedSpans = rejected, ErrorMessage = "spans need a 16-byte trace id and an 8-byte span id" },
            };
        }));
        app.MapPost(Paths[1], (HttpContext http, TelemetryStore store, TimeProvider time) => ReceiveAsync(http, ExportLogsServiceRequest.Parser, request =>
        {
            store.AddLogs(LogDecoder.Decode(request, time.GetUtcNow()));
            return new ExportLogsServiceResponse();
        }));
        app.MapPost(Paths[2], (HttpContext http, TelemetryStore store) => ReceiveAsync(http, ExportMetricsServiceRequest.Parser, request =>
        {
            store.AddMetrics(MetricDecoder.Decode(request));
            return new ExportMetricsServiceResponse();
        }));
        return app;
    }

    private static async Task ReceiveAsync<TRequest>(HttpContext http, MessageParser<TRequest> parser, Func<TRequest, IMessage> ingest)
        where TRequest : IMessage<TRequest>
    {
        var request = http.Request;
        var endpoint = http.RequestServices.GetRequiredService<OtlpEndpoint>();
        var json = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
        if (!endpoint.Accepts(request.Headers[OtlpEndpoint.ApiKeyHeader].FirstOrDefault()))
        {
            await FailAsync(http, StatusCodes.Status401Unauthorized, 16, $"missing or wrong {OtlpEndpoint.ApiKeyHeader} header", json);
            return;
        }

        if (json)
        {
            await FailAsync(http, StatusCodes.Status415UnsupportedMediaType, 12,
                $"OTLP/JSON is not supported: send {Protobuf} (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)", json: true);
            return;
        }

        if (!type?.MediaType.Equals(Protobuf, StringComparison.OrdinalIgnoreCase) ?? true)
        {
            await FailAsync(http, StatusCodes.Status415UnsupportedMediaType, 3, $"Content-Type must be {Protobuf}, not '{request.ContentType}'", json: false);
            return;
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            await FailAsync(http, StatusCodes.Status415UnsupportedMediaType, 3, $"Content-Encoding '{encoding}' is not supported: use gzip or none", json: false);
            return;
        }

        TRequest message;
        try
        {
            message = parser.ParseFrom(await OtlpRequestBody.ReadAsync(request, encoding == "gzip", http.RequestAborted));
        }
        catch (BodyTooLargeException ex)
        {
            await FailAsync(http, StatusCodes.Status413PayloadTooLarge, 8, ex.Message, json: false);
            return;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException)
        {
            await FailAsync(http, StatusCodes.Status400BadRequest, 3, $"the body is not a valid {typeof(TRequest).Name}: {ex.Message}", json: false);
            return;
        }

        var response = ingest(message);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = Protobuf;
        await http.Response.Body.WriteAsync(response.ToByteArray(), http.RequestAborted);
    }

    /// <summary>A google.rpc.Status body in the request's own format (OTLP/HTTP asks for that on every 4xx/5xx).</summary>
    private static async Task FailAsync(HttpContext http, int status, int rpcCode, string message, bool json)
    {
        var body = new RpcStatus { Code = rpcCode, Message = message };
        http.Response.StatusCode = status;
        http.Response.ContentType = json ? "application/json" : Protobuf;
        await http.Response.Body.WriteAsync(json ? System.Text.Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(body)) : body.ToByteArray());
    }
}
