using System.Net;
using MassTransit.Testing;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Features.Processing;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Processing;

/// <summary>Every handled Stripe type, delivered signed through the intake, becomes its integration event once.</summary>
public sealed class TranslationTests
{
    private static readonly DateTimeOffset PeriodEnd = new(StripePayloads.PeriodEnd);

    [Fact]
    public async Task Process_WhenCheckoutSessionCompleted_ShouldPublishItWithTheUserOnce()
    {
        var published = await DeliverAndCollectAsync<StripeCheckoutSessionCompleted>(
            "checkout.session.completed", StripePayloads.CheckoutSession("cus_co"));

        Assert.Equal(("cs_test_1", "cus_co", "sub_1", "user_42", "user_42"), (published.CheckoutSessionId, published.CustomerId, published.SubscriptionId, published.ClientReferenceId, published.UserId));
        Assert.Equal(("subscription", "complete", "paid", "price_pro", "jane@example.com"), (published.Mode, published.Status, published.PaymentStatus, published.PriceId, published.CustomerEmail));
        Assert.False(published.IsReplay);
    }

    [Theory]
    [InlineData("customer.subscription.created", "created")]
    [InlineData("customer.subscription.updated", "updated")]
    [InlineData("customer.subscription.deleted", "deleted")]
    public async Task Process_WhenASubscriptionChanges_ShouldPublishItsStateOnce(string type, string change)
    {
        var status = change == "deleted" ? "canceled" : "active";
        var published = await DeliverAndCollectAsync<StripeSubscriptionChanged>(type, StripePayloads.Subscription("cus_sub", status));

        Assert.Equal((type, change, "sub_1", "cus_sub", status), (published.StripeEventType, published.Change, published.SubscriptionId, published.CustomerId, published.Status));
        Assert.Equal(("price_pro", "prod_pro", 1L, "user_42"), (published.PriceId, published.ProductId, published.Quantity, published.UserId));
        // API 2026: the period end lives on the subscription item.
        Assert.Equal(PeriodEnd, published.CurrentPeriodEnd);
        Assert.False(published.CancelAtPeriodEnd);
    }

    [Fact]
    public async Task Process_WhenATrialWillEnd_ShouldPublishTheTrialEndOnce()
    {
        var published = await DeliverAndCollectAsync<StripeSubscriptionTrialEnding>(
            "customer.subscription.trial_will_end", StripePayloads.Subscription("cus_trial", "trialing"));

        Assert.Equal(("sub_1", "cus_trial", "trialing", "price_pro"), (published.SubscriptionId, published.CustomerId, published.Status, published.PriceId));
        Assert.Equal(new DateTimeOffset(StripePayloads.TrialEnd), published.TrialEnd);
    }

    [Theory]
    [InlineData("invoice.payment_succeeded")]
    [InlineData("invoice.paid")]
    public async Task Process_WhenAnInvoiceIsPaid_ShouldPublishThePaymentOnce(string type)
    {
        var published = await DeliverAndCollectAsync<StripeInvoicePaid>(type, StripePayloads.Invoice("cus_inv", "paid"));

        Assert.Equal((type, "in_1", "sub_1", "cus_inv", "paid"), (published.StripeEventType, published.InvoiceId, published.SubscriptionId, published.CustomerId, published.Status));
        Assert.Equal(("price_pro", PeriodEnd, 2000L, "usd"), (published.PriceId, published.PeriodEnd, published.AmountPaid, published.Currency));
    }

    [Fact]
    public async Task Process_WhenAnInvoicePaymentFails_ShouldPublishTheFailureOnce()
    {
        var published = await DeliverAndCollectAsync<StripeInvoicePaymentFailed>(
            "invoice.payment_failed", StripePayloads.Invoice("cus_fail", "open"));

        Assert.Equal(("in_1", "sub_1", "cus_fail", "open", 2000L), (published.InvoiceId, published.SubscriptionId, published.CustomerId, published.Status, published.AmountDue));
        Assert.Equal((1L, "price_pro"), (published.AttemptCount, published.PriceId));
        Assert.NotNull(published.NextPaymentAttempt);
    }

    [Fact]
    public async Task Process_WhenTheEventHasAnotherApiVersion_ShouldAcceptItAndReadFieldsWhereThatVersionHasThem()
    {
        await using var app = new WebhooksApp();
        using var metrics = new MetricRecorder(app.Services);
        var created = app.Time.GetUtcNow().ToUnixTimeSeconds() - 5;
        // Shaped as API 2024-06-20 sent it: period end on the subscription, no items-level period; Stripe.net
        // 53 would refuse to construct this event, the raw JSON is enough for us.
        var payload = $$"""
            {"id":"evt_v2024","object":"event","api_version":"2024-06-20","created":{{created}},"livemode":true,
             "type":"customer.subscription.created","pending_webhooks":1,"request":{"id":null,"idempotency_key":null},
             "data":{"object":{"id":"sub_v","object":"subscription","customer":"cus_v","status":"trialing",
             "cancel_at_period_end":false,"current_period_end":1767225600,"trial_end":1765000000,
             "items":{"object":"list","data":[{"id":"si_v","object":"subscription_item","price":{"id":"price_v","product":"prod_v"},"quantity":3}]},
             "metadata":{} } } }
            """;

        (await app.DeliverAsync(payload)).EnsureSuccessStatusCode();

        var stored = await Eventually.EventAsync(app, "evt_v2024", e => e.Status == "processed", "processed");
        Assert.Equal(("2024-06-20", true), (stored.ApiVersion, stored.Livemode));
        var published = Assert.Single(app.Harness.Published.Select<StripeSubscriptionChanged>()).Context.Message;
        Assert.Equal(("created", "price_v", 3L, true), (published.Change, published.PriceId, published.Quantity, published.Livemode));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), published.CurrentPeriodEnd);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1765000000), published.TrialEnd);
        Assert.Equal(1, metrics.Sum("saas.webhooks.processed", "outcome", "published"));
        Assert.Equal(1, metrics.Count("saas.webhooks.processing_lag"));
    }

    [Fact]
    public async Task Process_WhenTheTypeIsNotHandled_ShouldMarkItProcessedAsIgnoredAndPublishNothing()
    {
        await using var app = new WebhooksApp();

        await app.DeliverAsync(StripePayloads.Event("evt_cust", "customer.updated", StripePayloads.Customer("cus_me"), app.Time.GetUtcNow()));

        var stored = await Eventually.EventAsync(app, "evt_cust", e => e.Status == "processed", "processed");
        Assert.Equal(("ignored", "cus_me"), (stored.Outcome, stored.CustomerId));
        Assert.Empty(app.Harness.Published.Select<IStripeIntegrationEvent>());
    }

    private static async Task<T> DeliverAndCollectAsync<T>(string type, Stripe.StripeEntity dataObject) where T : class, IStripeIntegrationEvent
    {
        await using var app = new WebhooksApp();
        var created = DateTimeOffset.FromUnixTimeSeconds(app.Time.GetUtcNow().ToUnixTimeSeconds() - 30);
        var eventId = $"evt_{Guid.NewGuid():N}";

        var response = await app.DeliverAsync(StripePayloads.Event(eventId, type, dataObject, created));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.EventAsync(app, eventId, e => e.Status == "processed", "processed");
        var message = Assert.Single(app.Harness.Published.Select<T>());
        Assert.Equal(DeterministicIds.ForEvent(eventId, null), message.Context.MessageId);
        var published = message.Context.Message;
        Assert.Equal((eventId, created, DeterministicIds.ForEvent(eventId, null)), (published.StripeEventId, published.StripeCreated, published.EventId));
        return published;
    }
}
