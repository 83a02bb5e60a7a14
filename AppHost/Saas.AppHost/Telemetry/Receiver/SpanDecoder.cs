using Saas.AppHost.Telemetry.Otlp.Collector;
using Saas.AppHost.Telemetry.Otlp.Trace;
using Saas.AppHost.Telemetry.Store;

namespace Saas.AppHost.Telemetry.Receiver;

/// <summary>OTLP spans → <see cref="SpanRecord"/>s. A span without a valid trace or span id is rejected (counted, not kept).</summary>
internal static class SpanDecoder
{
    private const int MaxEvents = 32;

    public static (List<SpanRecord> Spans, int Rejected) Decode(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanRecord>();
        var rejected = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = OtlpValues.ServiceName(resourceSpans.Resource);
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
            {
                if (OtlpValues.Id(span.TraceId) is not { Length: 32 } traceId || OtlpValues.Id(span.SpanId) is not { Length: 16 } spanId)
                {
                    rejected++;
                    continue;
                }

                var start = OtlpValues.Time(span.StartTimeUnixNano);
                var duration = span.EndTimeUnixNano > span.StartTimeUnixNano ? (span.EndTimeUnixNano - span.StartTimeUnixNano) / 1_000_000.0 : 0;
                spans.Add(new SpanRecord(
                    traceId,
                    spanId,
                    OtlpValues.Id(span.ParentSpanId),
                    OtlpValues.Cut(span.Name, 512),
                    resource,
                    Kind(span.Kind),
                    start,
                    duration,
                    Status(span.Status?.Code ?? Otlp.Trace.Status.Types.StatusCode.Unset),
                    span.Status?.Message is { Length: > 0 } message ? OtlpValues.Cut(message, OtlpValues.MaxValueLength) : null,
                    OtlpValues.Attributes(span.Attributes),
                    span.Events.Take(MaxEvents).Select(e => new SpanEventRecord(OtlpValues.Cut(e.Name, 256), OtlpValues.Time(e.TimeUnixNano))).ToList()));
            }
        }

        return (spans, rejected);
    }

    private static string Kind(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        // OTLP lets receivers read UNSPECIFIED as INTERNAL.
        _ => "internal",
    };

    private static string Status(Otlp.Trace.Status.Types.StatusCode code) => code switch
    {
        Otlp.Trace.Status.Types.StatusCode.Ok => "ok",
        Otlp.Trace.Status.Types.StatusCode.Error => "error",
        _ => "unset",
    };
}
