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
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var stripe = await StripeEmulatorServer.StartAsync(new StripeEmulatorOptions { WebhookUrl = webhook.Url, WebhookSecret = "whsec_test" });
        await using var app = new BillingApp().WithStripe(stripe);
        var user = TestEvents.NewUserId();
        var session = await (await app.ClientFor(user).PostAsJsonAsync("/api/billing/create-checkout-session", new { priceId = "price_pro_monthly" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var subscription = await stripe.PayAsync(session.GetProperty("sessionId").GetString()!);

        Assert.Equal("trialing", subscription.Status); // the plan's 14-day trial was asked for
        Assert.Equal(user, subscription.Metadata["userId"]);
        var events = webhook.Events("whsec_test");
        Assert.Equal(["customer.subscription.created", "checkout.session.completed", "invoice.paid"], events.Select(e => e.Type));
        var checkout = Assert.IsType<global::Stripe.Checkout.Session>(events[1].Data.Object);
        Assert.Equal(user, checkout.ClientReferenceId);
        Assert.Equal(subscription.Id, checkout.SubscriptionId);
        var created = Assert.IsType<Subscription>(events[0].Data.Object);
        Assert.Equal("price_pro_monthly", created.Items.Data[0].Price.Id);
    }

    [Fact]
    public async Task Pay_WhenAnOrganizationsCheckoutIsPaid_ShouldCarryItsOrgIdOnEveryObjectAndItsNameOnTheCustomer()
    {
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var stripe = await StripeEmulatorServer.StartAsync(new StripeEmulatorOptions { WebhookUrl = webhook.Url, WebhookSecret = "whsec_test" });
        await using var app = new BillingApp().WithStripe(stripe);
        var org = await Organizations.TestOrganization.CreateAsync(app);
        var session = await (await app.ClientFor(org.Owner).PostAsJsonAsync(org.SubscriptionRoute, new { priceId = "price_pro_monthly" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var subscription = await stripe.PayAsync(session.GetProperty("sessionId").GetString()!);

        var events = webhook.Events("whsec_test");
        var created = Assert.IsType<Subscription>(events[0].Data.Object);
        var checkout = Assert.IsType<global::Stripe.Checkout.Session>(events[1].Data.Object);
        var invoice = Assert.IsType<Invoice>(events[2].Data.Object);
        Assert.Equal(org.Id, created.Metadata["org_id"]);
        Assert.Equal(org.Id, checkout.Metadata["org_id"]);
        Assert.Equal(org.Id, checkout.ClientReferenceId);
        Assert.Equal($"{org.Owner}@example.com", checkout.CustomerDetails.Email);
        Assert.Equal(org.Id, invoice.Parent.SubscriptionDetails.Metadata["org_id"]);
        Assert.Equal(org.Name, invoice.CustomerName);
        Assert.Equal(subscription.CustomerId, created.CustomerId);
        var customer = stripe.Customers[subscription.CustomerId];
        Assert.Equal(org.Name, customer["name"]!.GetValue<string>());
        Assert.Equal(org.Id, customer["metadata"]!["org_id"]!.GetValue<string>());
    }
}

/// <summary>A local endpoint that keeps the signed webhooks the emulator posts.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly List<(string Payload, string Signature)> received = [];
    private WebApplication? app;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver.app = builder.Build();
        receiver.app.MapPost("/api/stripe/webhook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var payload = await reader.ReadToEndAsync();
            lock (receiver.received)
            {
                receiver.received.Add((payload, request.Headers["Stripe-Signature"].ToString()));
            }

            return Results.Ok();
        });
        await receiver.app.StartAsync();
        receiver.Url = receiver.app.Urls.First() + "/api/stripe/webhook";
        return receiver;
    }

    /// <summary>The events received so far, verified and parsed by Stripe.net.</summary>
    public List<Event> Events(string secret)
    {
        lock (received)
        {
            return [.. received.Select(r => EventUtility.ConstructEvent(r.Payload, r.Signature, secret))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
