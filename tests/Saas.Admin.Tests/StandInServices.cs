using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Admin.Tests;

/// <summary>
/// A real Kestrel server on a free port answering identity's, billing's and webhooks' internal routes with
/// canned data, recording every request so tests can see what admin sent (or that it sent nothing).
/// </summary>
public sealed class StandInServices : IAsyncDisposable
{
    private readonly WebApplication app;

    private StandInServices(WebApplication app) => this.app = app;

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    public string Url => app.Urls.First();

    /// <summary>An address where nothing listens: a service that is down.</summary>
    public static string DeadUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public static async Task<StandInServices> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new StandInServices(app);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync();
            context.Request.Body.Position = 0;
            standIn.Requests.Enqueue(new Recorded(context.Request.Method, $"{context.Request.Path}{context.Request.QueryString}",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            await next(context);
        });
        Map(app, standIn);
        await app.StartAsync();
        return standIn;
    }

    /// <summary>The staff roles identity holds for each user id: tests take a role away or delete the user here.</summary>
    public ConcurrentDictionary<string, string[]> Roles { get; } = new()
    {
        ["user-admin"] = ["admin"],
        ["user-support"] = ["support"],
    };

    /// <summary>User ids identity no longer knows (404).</summary>
    public ConcurrentDictionary<string, bool> Deleted { get; } = new();

    public IEnumerable<Recorded> To(string method, string pathStart) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathStart, StringComparison.Ordinal));

    /// <summary>Staff accounts identity's login accepts here: e-mail → (password, role).</summary>
    public static readonly IReadOnlyDictionary<string, (string Password, string Role)> StaffAccounts =
        new Dictionary<string, (string, string)>
        {
            ["support@example.com"] = ("support password 1", "support"),
            ["admin@example.com"] = ("admin password 1", "admin"),
            ["customer@example.com"] = ("customer password 1", "user"),
        };

    private static void Map(WebApplication app, StandInServices standIn)
    {
        app.MapPost("/api/auth/login", (JsonElement body) =>
        {
            var email = body.GetProperty("email").GetString() ?? "";
            return StaffAccounts.TryGetValue(email, out var account) && account.Password == body.GetProperty("password").GetString()
                ? Results.Ok(new
                {
                    token = $"access-for-{account.Role}", refreshToken = "refresh",
                    user = new { _id = $"user-{account.Role}", email, roles = account.Role == "user" ? Array.Empty<string>() : [account.Role] },
                })
                : Results.Json(new { error = "Invalid email or password" }, statusCode: 401);
        });
        app.MapPost("/api/auth/logout", () => Results.Ok(new { message = "Logged out" }));
        app.MapGet("/internal/users", () => Results.Ok(new { users = new[] { User("u1") }, total = 1, page = 1, limit = 20 }));
        app.MapGet("/internal/users/{id}", (string id) => id == "missing" || standIn.Deleted.ContainsKey(id)
            ? Results.Json(new { error = "User not found" }, statusCode: 404)
            : Results.Ok(new { user = User(id, standIn.Roles.GetValueOrDefault(id) ?? []) }));
        app.MapPost("/internal/users/{id}/impersonation-token", (string id) =>
            Results.Ok(new { token = $"impersonation-for-{id}", expiresAt = DateTimeOffset.UtcNow.AddMinutes(10) }));

        const string subscriber = "/internal/billing/subscribers/{id}";
        app.MapGet($"{subscriber}/subscription", () => Results.Ok(new { status = "none", plan = "free" }));
        app.MapPut($"{subscriber}/override", (JsonElement body) =>
            Results.Ok(new { status = body.GetProperty("subscriptionStatus").GetString(), plan = "pro" }));
        app.MapDelete($"{subscriber}/override", () => Results.Ok(new { status = "none", plan = "free" }));
        app.MapPost($"{subscriber}/reconcile", () => Results.Ok(new { status = "active", plan = "pro" }));

        app.MapGet("/internal/webhooks/events", () => Results.Ok(new
        {
            events = new[] { new { id = "e1", stripeEventId = "evt_1", status = "failed" } }, total = 1, page = 1, pageSize = 50,
        }));
        app.MapGet("/internal/webhooks/counts", () => Results.Ok(new { received = 0, processed = 0, failed = 1, total = 1 }));
        app.MapGet("/internal/webhooks/events/{id}", (string id) => id == "missing"
            ? Results.Json(new { error = "Event not found" }, statusCode: 404)
            : Results.Ok(new { @event = new { id, stripeEventId = "evt_1", status = "failed" } }));
        app.MapPost("/internal/webhooks/events/{id}/replay", (string id) =>
            Results.Json(new { replayId = "r1", id, stripeEventId = "evt_1" }, statusCode: 202));
        app.MapPost("/internal/webhooks/replays", (JsonElement body) => body.GetProperty("dryRun").GetBoolean()
            ? Results.Ok(new { count = 3, dryRun = true, batchId = (string?)null })
            : Results.Json(new { count = 3, dryRun = false, batchId = "b1" }, statusCode: 202));
        // saasbackend's retry routes: "evt_ok" retries fine, "evt_again" fails again, "evt_slow" is still running.
        app.MapPost("/internal/webhooks/events/{id}/retry", (string id) => id switch
        {
            "missing" => Results.Json(new { error = "Webhook event not found" }, statusCode: 404),
            "evt_done" => Results.Json(new { error = "Event already processed" }, statusCode: 400),
            _ => Results.Ok(new
            {
                result = id == "evt_ok" ? "processed" : id == "evt_again" ? "failed" : "pending",
                message = id == "evt_ok" ? "Event processed successfully" : id == "evt_again" ? "broker refused the message" : "Retry queued",
                @event = new { id = "e-" + id, _id = "e-" + id, stripeEventId = id, status = id == "evt_ok" ? "processed" : "received" },
            }),
        });
        app.MapPost("/internal/webhooks/retries", (JsonElement body) => body.TryGetProperty("limit", out var limit) && limit.ValueKind == JsonValueKind.Number && limit.GetInt32() > 100
            ? Results.Json(new { error = "limit must be between 1 and 100", field = "limit" }, statusCode: 400)
            : Results.Ok(new { total = 2, succeeded = 1, failed = 1, pending = 0, errors = new[] { new { eventId = "evt_again", error = "broker refused the message" } } }));
        app.MapGet("/internal/webhooks/stats", () => Results.Ok(new
        {
            statusStats = new[] { new { _id = "failed", count = 1 } },
            eventTypeStats = new[] { new { _id = "invoice.paid", count = 1, failedCount = 1 } },
            recentFailures = new[] { new { _id = "e1", stripeEventId = "evt_1", eventType = "invoice.paid", retryCount = 8, processingErrors = new[] { "x" } } },
        }));
    }

    private static object User(string id, string[]? roles = null) =>
        new { id, _id = id, email = $"{id}@example.com", name = "Ann", subscriptionStatus = "none", roles = roles ?? [] };

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    public sealed record Recorded(string Method, string Path, Dictionary<string, string> Headers, string Body);
}
