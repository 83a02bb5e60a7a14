using Saas.AppHost.Telemetry.Otlp.Collector;
using Saas.AppHost.Telemetry.Otlp.Logs;
using Saas.AppHost.Telemetry.Store;

namespace Saas.AppHost.Telemetry.Receiver;

/// <summary>OTLP log records → <see cref="LogRecordEntry"/>s, with OTLP severities mapped back to .NET log levels.</summary>
internal static class LogDecoder
{
    private const int MaxMessageLength = 16 * 1024;

    /// <summary>The template the .NET exporter sends beside the formatted message: noise in the attribute list.</summary>
    private const string OriginalFormat = "{OriginalFormat}";

    public static List<LogRecordEntry> Decode(ExportLogsServiceRequest request, DateTimeOffset receivedAt)
    {
        var records = new List<LogRecordEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = OtlpValues.ServiceName(resourceLogs.Resource);
            foreach (var scope in resourceLogs.ScopeLogs)
            {
                // The .NET exporter puts the logger's category in the scope name.
                var category = scope.Scope?.Name is { Length: > 0 } name ? OtlpValues.Cut(name, 256) : null;
                foreach (var log in scope.LogRecords)
                {
                    var time = log.TimeUnixNano != 0 ? log.TimeUnixNano : log.ObservedTimeUnixNano;
                    var attributes = OtlpValues.Attributes(log.Attributes);
                    var message = OtlpValues.Text(log.Body);
                    if (message.Length == 0 && attributes.TryGetValue(OriginalFormat, out var template))
                    {
                        message = template;
                    }

                    records.Add(new LogRecordEntry(
                        time == 0 ? receivedAt : OtlpValues.Time(time),
                        resource,
                        Level(log.SeverityNumber, log.SeverityText),
                        OtlpValues.Cut(message, MaxMessageLength),
                        category,
                        OtlpValues.Id(log.TraceId),
                        OtlpValues.Id(log.SpanId),
                        attributes.ContainsKey(OriginalFormat) ? attributes.Where(a => a.Key != OriginalFormat).ToDictionary() : attributes));
                }
            }
        }

        return records;
    }

    /// <summary>OTLP's ranges of four (TRACE..TRACE4, DEBUG.., INFO.., WARN.., ERROR.., FATAL..) → .NET levels.</summary>
    public static LogLevel Level(SeverityNumber number, string? text)
    {
        var n = (int)number;
        if (n is >= 1 and <= 24)
        {
            return (LogLevel)((n - 1) / 4);
        }

        return text?.ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "fatal" or "critical" => LogLevel.Critical,
            _ => LogLevel.Information,
        };
    }
}
