using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.StripeEmulator;

/// <summary>The hosted checkout page, paying, and the webhooks Stripe would send afterwards.</summary>
public sealed partial class StripeEmulatorServer
{
    /// <summary>The API version events claim, as Stripe.net 53.1.0 pins it.</summary>
    public const string ApiVersion = "2026-10-28.endive";

    private readonly List<JsonObject> sentEvents = [];

    /// <summary>Every event built so far (sent or not), oldest first.</summary>
    public IReadOnlyList<JsonObject> Events
    {
        get { lock (sentEvents) { return [.. sentEvents]; } }
    }

    /// <summary>
    /// Completes a checkout session as if the customer paid: creates the subscription (trialing when the session
    /// asked for a trial) and sends <c>customer.subscription.created</c>, <c>checkout.session.completed</c> and
    /// <c>invoice.paid</c> to <see cref="StripeEmulatorOptions.WebhookUrl"/>.
    /// </summary>
    public async Task<EmulatedSubscription> PayAsync(string sessionId, CancellationToken ct = default)
    {
        var session = sessions.GetValueOrDefault(sessionId) ?? throw new InvalidOperationException($"No session {sessionId}");
        var customer = session.CustomerId ?? throw new InvalidOperationException("The emulator only pays sessions with a customer");
        var now = Options.Time.GetUtcNow();
        var subscription = AddSubscription(customer, session.PriceId, session.TrialDays > 0 ? "trialing" : "active");
        subscription.TrialEnd = session.TrialDays > 0 ? now.AddDays(session.TrialDays) : null;
        foreach (var (key, value) in session.SubscriptionMetadata)
        {
            subscription.Metadata[key] = value;
        }

        session.Status = "complete";
        session.PaymentStatus = session.TrialDays > 0 ? "no_payment_required" : "paid";
        session.SubscriptionId = subscription.Id;
        var payer = customers.GetValueOrDefault(customer);
        session.CustomerDetails = new JsonObject { ["email"] = payer?["email"]?.DeepClone(), ["name"] = payer?["name"]?.DeepClone() };
        await SendEventAsync("customer.subscription.created", subscription.ToJson(), ct: ct);
        await SendEventAsync("checkout.session.completed", session.ToJson(), ct: ct);
        await SendEventAsync("invoice.paid", Invoice(subscription, "paid", "subscription_create"), ct: ct);
        return subscription;
    }

    /// <summary>A renewal payment fails: the subscription turns <c>past_due</c>; sends the invoice and subscription events.</summary>
    public async Task FailPaymentAsync(string subscriptionId, CancellationToken ct = default)
    {
        var subscription = subscriptions[subscriptionId];
        var previous = subscription.Status;
        subscription.Status = "past_due";
        await SendEventAsync("invoice.payment_failed", Invoice(subscription, "open", "subscription_cycle"), ct: ct);
        await SendEventAsync("customer.subscription.updated", subscription.ToJson(), new JsonObject { ["status"] = previous }, ct);
    }

    /// <summary>The subscription ends now; sends <c>customer.subscription.deleted</c>.</summary>
    public async Task CancelNowAsync(string subscriptionId, CancellationToken ct = default)
    {
        var (_, body) = CancelSubscription(subscriptionId);
        await SendEventAsync("customer.subscription.deleted", (JsonObject)body, ct: ct);
    }

    /// <summary>Builds an event around <paramref name="dataObject"/>, records it, and posts it signed when a webhook URL is set.</summary>
    public async Task<JsonObject> SendEventAsync(string type, JsonObject dataObject, JsonObject? previousAttributes = null, CancellationToken ct = default)
    {
        var data = new JsonObject { ["object"] = dataObject.DeepClone() };
        if (previousAttributes is not null)
        {
            data["previous_attributes"] = previousAttributes.DeepClone();
        }

        var stripeEvent = new JsonObject
        {
            ["id"] = NewId("evt"),
            ["object"] = "event",
            ["api_version"] = ApiVersion,
            ["created"] = Options.Time.GetUtcNow().ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
            ["data"] = data,
        };
        lock (sentEvents)
        {
            sentEvents.Add(stripeEvent);
        }

        if (Options.WebhookUrl is { } url)
        {
            var payload = stripeEvent.ToJsonString();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("Stripe-Signature", StripeSignature.Sign(payload, Options.WebhookSecret, Options.Time.GetUtcNow()));
            using var response = await app.Services.GetRequiredService<IHttpClientFactory>().CreateClient().SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        }

        return stripeEvent;
    }

    private JsonObject Invoice(EmulatedSubscription subscription, string status, string reason) => new()
    {
        ["id"] = NewId("in"),
        ["object"] = "invoice",
        ["customer"] = subscription.CustomerId,
        ["customer_email"] = customers.GetValueOrDefault(subscription.CustomerId)?["email"]?.DeepClone(),
        ["customer_name"] = customers.GetValueOrDefault(subscription.CustomerId)?["name"]?.DeepClone(),
        ["status"] = status,
        ["billing_reason"] = reason,
        ["currency"] = "usd",
        ["amount_paid"] = status == "paid" ? 1000 : 0,
        ["amount_due"] = 1000,
        ["attempt_count"] = 1,
        ["created"] = Options.Time.GetUtcNow().ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new JsonObject { ["subscription"] = subscription.Id, ["metadata"] = Json.Map(subscription.Metadata) },
        },
        ["lines"] = new JsonObject
        {
            ["object"] = "list",
            ["has_more"] = false,
            ["data"] = new JsonArray(new JsonObject
            {
                ["object"] = "line_item",
                ["pricing"] = new JsonObject { ["type"] = "price_details", ["price_details"] = new JsonObject { ["price"] = subscription.PriceId } },
                ["period"] = new JsonObject { ["start"] = subscription.CurrentPeriodStart.ToUnixTimeSeconds(), ["end"] = subscription.CurrentPeriodEnd.ToUnixTimeSeconds() },
            }),
        },
    };

    private void MapCheckoutPage()
    {
        app.MapGet("/checkout/{id}", (string id) => sessions.TryGetValue(id, out var s)
            ? Results.Content($"""
                <!doctype html><html><head><meta charset="utf-8"><title>Stripe emulator checkout</title></head><body>
                <p><strong>Stripe emulator</strong> — not Stripe. Nothing is charged.</p>
                <p>Price {WebUtility.HtmlEncode(s.PriceId)}{(s.TrialDays > 0 ? $", {s.TrialDays}-day trial" : "")}</p>
                <form method="post" action="/checkout/{WebUtility.HtmlEncode(id)}/pay"><button type="submit">Pay</button></form>
                <p><a href="{WebUtility.HtmlEncode(s.CancelUrl ?? "/")}">Cancel</a></p></body></html>
                """, "text/html")
            : Results.NotFound());
        app.MapPost("/checkout/{id}/pay", async (string id, CancellationToken ct) =>
        {
            if (!sessions.TryGetValue(id, out var s) || s.Status != "open")
            {
                return Results.NotFound();
            }

            await PayAsync(id, ct);
            return Results.Redirect((s.SuccessUrl ?? "/").Replace("{CHECKOUT_SESSION_ID}", id));
        });
        app.MapGet("/portal/{id}", () => Results.Text("Stripe emulator billing portal — not Stripe."));
    }
}
