using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Admin.Tests.Features.Alerts;

/// <summary>
/// A real Kestrel server playing identity, billing and webhooks as the alert rules see them (<c>/alive</c>, webhooks'
/// <c>/internal/webhooks/pipeline</c> answering <see cref="Pipeline"/>), and the operator's webhook receiver at
/// <see cref="HookPath"/>, recording each POST. The pipeline document's shape is webhooks' own (its tests read it for real).
/// </summary>
public sealed class OpsStandIn : IAsyncDisposable
{
    public const string HookPath = "/operator-hook";
    private readonly WebApplication app;

    private OpsStandIn(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    public string HookUrl => Url + HookPath;

    /// <summary>What <c>/internal/webhooks/pipeline</c> answers; a quiet pipeline until a test changes it.</summary>
    public object Pipeline { get; set; } = Quiet();

    /// <summary>What each service's <c>/health</c> answers (ServiceDefaults' JSON shape); all healthy until a test changes it.</summary>
    public object Health { get; set; } = new { status = "Healthy", checks = new { } };

    public ConcurrentQueue<(string IdempotencyKey, JsonElement Body)> Posts { get; } = new();

    public static object Quiet(long failed = 0, string oldestPendingAge = "00:00:00", object? latestDrift = null) => new
    {
        measuredAt = DateTimeOffset.UtcNow,
        failedEvents = failed,
        latestFailure = failed == 0 ? null : new { id = "doc_1", stripeEventId = "evt_exhausted", eventType = "invoice.paid", attempts = 8 },
        backlog = oldestPendingAge == "00:00:00" ? 0 : 3,
        oldestPendingAge,
        pinnedApiVersion = "2026-10-28.endive",
        driftedEvents = latestDrift is null ? 0 : 1,
        latestDrift,
    };

    public static async Task<OpsStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new OpsStandIn(app);
        app.MapGet("/alive", () => Results.Ok(new { status = "Healthy" }));
        app.MapGet("/health", () => Results.Ok(standIn.Health));
        app.MapGet("/internal/webhooks/pipeline", () => Results.Ok(standIn.Pipeline));
        app.MapPost(HookPath, (HttpRequest request, JsonElement body) =>
        {
            standIn.Posts.Enqueue((request.Headers["Idempotency-Key"].ToString(), body.Clone()));
            return Results.Ok();
        });
        await app.StartAsync();
        return standIn;
    }

    /// <summary>An address where nothing listens: a service that is down.</summary>
    public static string DeadUrl() => StandInServices.DeadUrl();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
