using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Admin.Tests.Features.Timeline;

/// <summary>
/// A real Kestrel server answering the internal routes the timeline and the replay preview read (identity's
/// organizations, billing's timeline and preview, webhooks' events and translations), recording each request.
/// </summary>
public sealed class TimelineServicesStandIn : IAsyncDisposable
{
    public const string UserId = "u1";
    public const string OrganizationId = "org1";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly WebApplication app;

    private TimelineServicesStandIn(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    public ConcurrentQueue<(string Path, string? Key)> Requests { get; } = new();

    /// <summary>Billing answers 503 while true.</summary>
    public bool BillingDown { get; set; }

    public static async Task<TimelineServicesStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new TimelineServicesStandIn(app);
        app.Use((context, next) =>
        {
            standIn.Requests.Enqueue(($"{context.Request.Path}{context.Request.QueryString}", context.Request.Headers["X-Internal-Api-Key"].ToString()));
            return standIn.BillingDown && context.Request.Path.StartsWithSegments("/internal/billing")
                ? Results.StatusCode(503).ExecuteAsync(context)
                : next(context);
        });
        Map(app);
        await app.StartAsync();
        return standIn;
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/internal/users/{id}", (string id) => id == UserId
            ? Results.Ok(new { user = new { _id = id, email = "ada@example.com", createdAt = T0 } })
            : Results.Json(new { error = "User not found" }, statusCode: 404));
        app.MapGet("/internal/users/{id}/organizations", () => Results.Ok(new { organizations = new[] { Organization() } }));
        app.MapGet("/internal/organizations/{id}", () => Results.Ok(new { organization = Organization() }));
        app.MapGet("/internal/billing/timeline/{kind}/{id}", () => Results.Ok(new
        {
            stripeCustomerId = "cus_1",
            status = "active",
            transitions = new object[]
            {
                new { at = T0.AddDays(2), fromStatus = "none", toStatus = "active", fromPlanId = (string?)null, toPlanId = "pro", cause = "stripe_event", causedBy = "evt_sub", isReplay = false },
                new { at = T0.AddDays(5), fromStatus = "active", toStatus = "canceled", fromPlanId = "pro", toPlanId = "pro", cause = "override", causedBy = "admin@example.com", isReplay = false },
            },
            usageResets = new[] { new { invoiceId = "in_1", resetAt = T0.AddDays(4) } },
        }));
        app.MapGet("/internal/webhooks/events", () => Results.Ok(new
        {
            events = new[] { new { id = "e1", stripeEventId = "evt_sub", eventType = "customer.subscription.created", status = "processed", stripeCreated = T0.AddDays(2).AddSeconds(-1), retryCount = 0, replayCount = 0 } },
            total = 1,
        }));
        app.MapGet("/internal/webhooks/events/{id}", (string id) => Results.Ok(new
        {
            @event = new
            {
                id, stripeEventId = "evt_sub", status = "processed",
                attempts = new[] { new { at = T0, outcome = "published", traceId = "4bf92f3577b34da6a3ce929d0e0e4736" } },
                replays = Array.Empty<object>(),
            },
        }));
        app.MapGet("/internal/webhooks/replay-translations", () => Results.Ok(new
        {
            events = new object[]
            {
                new { id = "e1", stripeEventId = "evt_sub", eventType = "customer.subscription.created", status = "processed", messageType = "StripeSubscriptionChanged", message = new { stripeEventId = "evt_sub" } },
                new { id = "e2", stripeEventId = "evt_other", eventType = "charge.refunded", status = "processed", messageType = (string?)null, message = (object?)null },
            },
            total = 2,
            truncated = false,
        }));
        app.MapPost("/internal/billing/replay-preview", () => Results.Ok(new
        {
            events = new[]
            {
                new
                {
                    stripeEventId = "evt_sub", eventType = "customer.subscription.created", subscriberKind = "user", subscriberId = UserId,
                    before = new { status = "active", planId = "pro", stripeStatus = "active" },
                    after = new { status = "active", planId = "pro", stripeStatus = "active" },
                    wouldChange = false, wouldResetUsage = false,
                },
            },
            changesNothing = true,
        }));
    }

    private static object Organization() => new
    {
        id = OrganizationId, name = "Acme", slug = "acme", createdBy = "u0", createdAt = T0.AddDays(1),
        members = new[] { new { userId = "u0", role = "owner", joinedAt = T0.AddDays(1) }, new { userId = UserId, role = "member", joinedAt = T0.AddDays(3) } },
        invites = new[]
        {
            new { id = "i1", email = "ada@example.com", role = "member", invitedBy = "u0", createdAt = T0.AddDays(2), acceptedAt = (DateTimeOffset?)T0.AddDays(3), acceptedBy = UserId, revokedAt = (DateTimeOffset?)null, status = "accepted" },
        },
        formerMembers = new[] { new { userId = "u9", role = "admin", joinedAt = T0.AddDays(2), leftAt = T0.AddDays(4), removedBy = "u0" } },
    };

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
