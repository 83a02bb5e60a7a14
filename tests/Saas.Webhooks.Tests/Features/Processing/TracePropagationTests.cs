using System.Diagnostics;
using Saas.StripeEmulator;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Processing;

/// <summary>
/// Processing runs off the delivery's request (a background lane), yet its trace must be the delivery's: that is what
/// lets an operator follow one Stripe event from the gateway through the broker to billing on the dashboard.
/// </summary>
public sealed class TracePropagationTests
{
    [Fact]
    public async Task Process_WhenDeliveredWithATraceParent_ShouldProcessTheFirstAttemptInThatTrace()
    {
        await using var app = Traced(new WebhooksApp());
        var delivery = ActivityTraceId.CreateRandom();

        await DeliverInTraceAsync(app, "evt_traced", "cus_traced", delivery);

        var processed = await app.ProcessedAsync("evt_traced");
        Assert.Equal(delivery.ToString(), Assert.Single(processed.Attempts).TraceId);
    }

    [Fact]
    public async Task Process_WhenARetryRunsLater_ShouldStartItsOwnTraceNotStretchTheDeliverys()
    {
        await using var app = Traced(new WebhooksApp());
        var delivery = ActivityTraceId.CreateRandom();
        app.Failure.Failing = true;
        await DeliverInTraceAsync(app, "evt_traced_retry", "cus_traced_retry", delivery);
        await Eventually.EventAsync(app, "evt_traced_retry", e => e.RetryCount == 1, "first attempt");
        app.Failure.Failing = false;

        app.Time.Advance(TimeSpan.FromSeconds(5));
        await app.Sweeper.SweepOnceAsync(CancellationToken.None);

        var processed = await app.ProcessedAsync("evt_traced_retry");
        Assert.Equal(delivery.ToString(), processed.Attempts[0].TraceId);
        Assert.NotEqual(delivery.ToString(), processed.Attempts[1].TraceId);
        Assert.False(string.IsNullOrEmpty(processed.Attempts[1].TraceId));
    }

    /// <summary>
    /// Traces recorded, as under the AppHost: without an OTLP endpoint ServiceDefaults samples every span out, and the
    /// broker hop then starts a fresh trace whatever the dispatcher does. Nothing listens on the discard port.
    /// </summary>
    private static WebhooksApp Traced(WebhooksApp app) => app.With("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");

    /// <summary>A delivery as the gateway forwards it: with the W3C <c>traceparent</c> of the caller's trace.</summary>
    private static async Task DeliverInTraceAsync(WebhooksApp app, string eventId, string customer, ActivityTraceId trace)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(app.Time.GetUtcNow().ToUnixTimeSeconds() - 60);
        var payload = StripePayloads.Event(eventId, "customer.subscription.updated", StripePayloads.Subscription(customer), created);
        using var request = StripeDelivery.Request(payload, StripeSignature.Sign(payload, WebhooksApp.Secret, app.Time.GetUtcNow()));
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        (await app.CreateClient().SendAsync(request)).EnsureSuccessStatusCode();
    }
}
