using Microsoft.AspNetCore.Http.HttpResults;
using Saas.AppHost.Telemetry.Queues;
using Saas.AppHost.Telemetry.Store;
using Saas.ServiceDefaults.Errors;

namespace Saas.AppHost.Telemetry.Api;

/// <summary>
/// <c>/api/telemetry</c> on the dashboard port: resources, traces, one trace, logs and metrics, newest first. Access
/// control is the dashboard's (its token check covers every <c>/api</c> route), not this group's.
/// </summary>
internal static class TelemetryApi
{
    private const int MaxLimit = 5000;

    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/telemetry");
        api.MapGet("/resources", (TelemetryStore store) => TypedResults.Ok(store.Resources()));
        api.MapGet("/traces", GetTraces);
        api.MapGet("/traces/{traceId}", GetTrace);
        api.MapGet("/logs", GetLogs);
        api.MapGet("/metrics", (TelemetryStore store, QueueDepths queues) =>
        {
            queues.NoteDemand();
            return TypedResults.Ok(new MetricsView(
                store.ServiceMetrics().Select(ServiceMetricsItem.From).ToList(), queues.Current, store.Webhooks()));
        });
        return app;
    }

    private static Results<Ok<List<TraceListItem>>, JsonHttpResult<ErrorResponse>> GetTraces(
        TelemetryStore store, string? resource = null, string? text = null, string? limit = null)
    {
        if (Limit(limit, 100) is not { } count)
        {
            return LimitError();
        }

        var traces = store.Traces(new TraceQuery(Blank(resource), Blank(text), count));
        return TypedResults.Ok(traces.Select(TraceListItem.From).ToList());
    }

    private static Results<Ok<TraceDetail>, JsonHttpResult<ErrorResponse>> GetTrace(TelemetryStore store, string traceId)
    {
        var spans = store.Trace(traceId);
        return spans.Count == 0
            ? ErrorResults.Error(StatusCodes.Status404NotFound, $"no trace {traceId} (unknown, or dropped to keep the newest)")
            : TypedResults.Ok(new TraceDetail(spans[0].TraceId, spans.Select(SpanItem.From).ToList()));
    }

    private static Results<Ok<List<LogItem>>, JsonHttpResult<ErrorResponse>> GetLogs(
        TelemetryStore store, string? resource = null, string? level = null, string? text = null, string? traceId = null, string? limit = null)
    {
        if (Limit(limit, 200) is not { } count)
        {
            return LimitError();
        }

        LogLevel? minLevel = null;
        if (Blank(level) is { } name)
        {
            if (!Enum.TryParse<LogLevel>(name, ignoreCase: true, out var parsed) || parsed == LogLevel.None || !Enum.IsDefined(parsed) || int.TryParse(name, out _))
            {
                return ErrorResults.BadRequest("level must be one of Trace, Debug, Information, Warning, Error, Critical", "level");
            }

            minLevel = parsed;
        }

        var logs = store.Logs(new LogQuery(Blank(resource), minLevel, Blank(text), Blank(traceId), count));
        return TypedResults.Ok(logs.Select(LogItem.From).ToList());
    }

    private static int? Limit(string? value, int fallback) =>
        Blank(value) is not { } text ? fallback
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit ? n
        : null;

    private static JsonHttpResult<ErrorResponse> LimitError() => ErrorResults.BadRequest($"limit must be a whole number from 1 to {MaxLimit}", "limit");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
