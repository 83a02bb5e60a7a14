using System.Text.Json;
using MassTransit;
using Saas.Admin.Features.Console;
using Microsoft.Extensions.Options;
using Saas.Admin.Features.Downstream;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Messaging;

namespace Saas.Admin.Features.Alerts;

/// <summary>
/// Evaluates every rule once: each internal service answers <c>/alive</c>, this process's bus reaches RabbitMQ, and
/// webhooks' pipeline status (<c>/internal/webhooks/pipeline</c>) shows no exhausted event, no old backlog, no drift.
/// </summary>
public sealed class AlertConditions(
    DownstreamApi downstream, IOptions<AlertOptions> options, TimeProvider time, IServiceProvider services)
{
    public static readonly IReadOnlyList<string> WatchedServices = [ResourceNames.Identity, ResourceNames.Billing, ResourceNames.Webhooks];

    public async Task<IReadOnlyList<AlertCondition>> EvaluateAsync(CancellationToken ct)
    {
        var conditions = new List<AlertCondition>();
        var alive = await Task.WhenAll(WatchedServices.Select(async s => (Service: s, Response: await downstream.GetAsync(s, "/alive", ct))));
        foreach (var (service, response) in alive.Where(a => !a.Response.IsSuccess))
        {
            conditions.Add(new($"{AlertRules.ServiceDown}:{service}", AlertRules.ServiceDown,
                $"Service {service} is down (no answer from /alive)", "/admin/alerts"));
        }

        // Each service's error-queues health check names its _error queues holding messages (admin's own included).
        var live = alive.Where(a => a.Response.IsSuccess).Select(a => a.Service).ToList();
        var reports = await Task.WhenAll(live.Select(async s => (Service: s, Response: await downstream.GetAsync(s, "/health", ct))));
        foreach (var (service, response) in reports)
        {
            JsonElement? body = response.Body;
            if (body.Text("checks", ErrorQueueHealthCheck.Name, "status") == "Degraded")
            {
                conditions.Add(new($"{AlertRules.ErrorQueue}:{service}", AlertRules.ErrorQueue,
                    $"Error queue not empty in {service}: {body.Text("checks", ErrorQueueHealthCheck.Name, "description")}", "/admin/alerts"));
            }
        }

        if (services.GetService<BrokerQueues>()?.Latest.Where(q => q.ErrorMessages > 0).ToList() is { Count: > 0 } own)
        {
            conditions.Add(new($"{AlertRules.ErrorQueue}:admin", AlertRules.ErrorQueue,
                "Error queue not empty in admin: " + string.Join("; ", own.Select(q => $"{q.ErrorMessages} message(s) in {q.Queue}_error")), "/admin/alerts"));
        }

        if (BrokerDown() is { } reason)
        {
            conditions.Add(new(AlertRules.BrokerDown, AlertRules.BrokerDown, $"RabbitMQ is unreachable: {reason}", "/admin/alerts"));
        }

        if (alive.Single(a => a.Service == ResourceNames.Webhooks).Response.IsSuccess)
        {
            var pipeline = await downstream.GetAsync(ResourceNames.Webhooks, "/internal/webhooks/pipeline", ct);
            if (pipeline.IsSuccess && pipeline.Body is { } body)
            {
                AddPipelineConditions(PipelineReading.From(body), conditions);
            }
        }

        return conditions;
    }

    private void AddPipelineConditions(PipelineReading p, List<AlertCondition> conditions)
    {
        var settings = options.Value;
        if (p.FailedEvents > 0)
        {
            conditions.Add(new(AlertRules.RetriesExhausted, AlertRules.RetriesExhausted,
                $"{p.FailedEvents} webhook event(s) exhausted their retries (latest {p.LatestFailureEventId}, {p.LatestFailureType})",
                "/admin/webhooks?status=failed"));
        }

        if (p.OldestPendingAge > settings.BacklogAge)
        {
            conditions.Add(new(AlertRules.Backlog, AlertRules.Backlog,
                $"{p.Backlog} webhook event(s) waiting; the oldest for {Minutes(p.OldestPendingAge)} (threshold {Minutes(settings.BacklogAge)})",
                "/admin/webhooks?status=received"));
        }

        if (p.LatestDriftAt is { } driftAt && time.GetUtcNow() - driftAt <= settings.DriftWindow)
        {
            conditions.Add(new(AlertRules.ApiVersionDrift, AlertRules.ApiVersionDrift,
                $"Stripe event {p.LatestDriftEventId} has API version {p.LatestDriftVersion}; Stripe.net is pinned to {p.PinnedApiVersion}",
                $"/admin/webhooks/{Uri.EscapeDataString(p.LatestDriftId ?? "")}"));
        }
    }

    /// <summary>Null while this process's bus reaches the broker (or runs in memory, with no broker to reach).</summary>
    private string? BrokerDown()
    {
        if (services.GetService<BrokerConnection>() is not { } connection)
        {
            return null; // no ConnectionStrings:messaging: the in-memory transport
        }

        var health = services.GetRequiredService<IBusControl>().CheckHealth();
        return connection.IsDown || health.Status == BusHealthStatus.Unhealthy
            ? health.Description ?? "the bus is not connected"
            : null;
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0} min" : $"{t.TotalSeconds:0} s";
}
