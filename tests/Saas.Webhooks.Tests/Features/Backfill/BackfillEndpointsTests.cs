using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Backfill;

public sealed class BackfillEndpointsTests
{
    [Fact]
    public async Task Backfill_WhenStripeHasUndeliveredEvents_ShouldStoreTheMissingOnesAndProcessThem()
    {
        var created = DateTimeOffset.UtcNow.AddHours(-2);
        var missed = StripePayloads.Event("evt_missed", "invoice.payment_failed", StripePayloads.Invoice("cus_bf", "open"), created);
        var known = StripePayloads.Event("evt_known", "customer.subscription.updated", StripePayloads.Subscription("cus_bf"), created);
        await using var stripe = await FakeStripeApi.StartAsync(missed, known);
        await using var app = new WebhooksApp().With("Stripe:SecretKey", "sk_test_backfill").With("Stripe:ApiBase", stripe.BaseAddress);
        (await app.DeliverAsync(known)).EnsureSuccessStatusCode();
        await app.ProcessedAsync("evt_known");

        var response = await app.CreateClient().PostAsJsonAsync("/internal/webhooks/backfill",
            new { since = app.Time.GetUtcNow().AddDays(-1), requestedBy = "ops@saas.test" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 1, 1), (body.GetProperty("fetched").GetInt32(), body.GetProperty("stored").GetInt32(), body.GetProperty("alreadyStored").GetInt32()));
        var stored = await app.ProcessedAsync("evt_missed");
        Assert.Equal(("backfill", "cus_bf"), (stored.Source, stored.CustomerId));
        Assert.Equal("in_1", Assert.Single(app.Harness.Published.Select<StripeInvoicePaymentFailed>()).Context.Message.InvoiceId);
        Assert.Contains("delivery_success=false", Uri.UnescapeDataString(Assert.Single(stripe.Queries)));
    }

    [Fact]
    public async Task Backfill_WhenNoStripeKeyIsConfigured_ShouldAnswer503()
    {
        await using var app = new WebhooksApp();

        var response = await app.CreateClient().PostAsJsonAsync("/internal/webhooks/backfill", new { requestedBy = "ops" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
