using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Saas.StripeEmulator;
using Stripe;

namespace Saas.Billing.Tests.Features.Stripe;

/// <summary>The emulator's paid checkout sends what Stripe sends: events Stripe.net verifies and parses.</summary>
public sealed class StripeEmulatorTests
{
    [Fact]
    public async Task Pay_WhenACheckoutSessionIsPaid_ShouldSendSignedEventsStripeNetAccepts()
    {
        var received = new List<(string Payload, string Signature)>();
        var receiver = WebApplication.CreateSlimBuilder();
        receiver.WebHost.UseUrls("http://127.0.0.1:0");
        await using var webhook = receiver.Build();
        webhook.MapPost("/api/stripe/webhook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            lock (received)
            {
                received.Add((reader.ReadToEndAsync().Result, request.Headers["Stripe-Signature"].ToString()));
            }

            return Results.Ok();
        });
        await webhook.StartAsync();
        await using var stripe = await StripeEmulatorServer.StartAsync(new StripeEmulatorOptions
        {
            WebhookUrl = webhook.Urls.First() + "/api/stripe/webhook", WebhookSecret = "whsec_test",
        });
        await using var app = new BillingApp().WithStripe(stripe);
        var user = TestEvents.NewUserId();
        var session = await (await app.ClientFor(user).PostAsJsonAsync("/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var subscription = await stripe.PayAsync(session.GetProperty("sessionId").GetString()!);

        Assert.Equal("trialing", subscription.Status); // the plan's 14-day trial was asked for
        Assert.Equal(user, subscription.Metadata["userId"]);
        var events = received.Select(r => EventUtility.ConstructEvent(r.Payload, r.Signature, "whsec_test")).ToList();
        Assert.Equal(["customer.subscription.created", "checkout.session.completed", "invoice.paid"], events.Select(e => e.Type));
        var checkout = Assert.IsType<global::Stripe.Checkout.Session>(events[1].Data.Object);
        Assert.Equal(user, checkout.ClientReferenceId);
        Assert.Equal(subscription.Id, checkout.SubscriptionId);
        var created = Assert.IsType<Subscription>(events[0].Data.Object);
        Assert.Equal("price_pro_monthly", created.Items.Data[0].Price.Id);
    }
}
