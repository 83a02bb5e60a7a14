using Newtonsoft.Json.Linq;
using Stripe;
using Stripe.Checkout;

namespace Saas.Webhooks.Tests.Support;

/// <summary>
/// Stripe events as Stripe sends them: the objects are Stripe.net's own model classes (API 2026-10-28.endive)
/// serialized by Stripe.net, inside the event envelope Stripe posts.
/// </summary>
public static class StripePayloads
{
    public const string ApiVersion = "2026-10-28.endive";
    public static readonly DateTime PeriodEnd = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime TrialEnd = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);

    public static string Event(
        string id, string type, StripeEntity dataObject, DateTimeOffset created, object? previousAttributes = null,
        string apiVersion = ApiVersion)
    {
        var envelope = new JObject
        {
            ["id"] = id,
            ["object"] = "event",
            ["api_version"] = apiVersion,
            ["created"] = created.ToUnixTimeSeconds(),
            ["data"] = new JObject
            {
                ["object"] = JObject.Parse(dataObject.ToJson()),
                ["previous_attributes"] = previousAttributes is null ? null : JObject.FromObject(previousAttributes),
            },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JObject { ["id"] = "req_" + id[4..], ["idempotency_key"] = Guid.NewGuid().ToString() },
            ["type"] = type,
        };
        if (previousAttributes is null)
        {
            ((JObject)envelope["data"]!).Remove("previous_attributes");
        }

        return envelope.ToString(Newtonsoft.Json.Formatting.None);
    }

    public static Subscription Subscription(string customer, string status = "active", string id = "sub_1") => new()
    {
        Id = id,
        Object = "subscription",
        CustomerId = customer,
        Status = status,
        CancelAtPeriodEnd = false,
        TrialEnd = status == "trialing" ? TrialEnd : null,
        Created = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
        Currency = "usd",
        Metadata = new Dictionary<string, string> { ["userId"] = "user_42" },
        Items = new StripeList<SubscriptionItem>
        {
            Object = "list",
            Url = $"/v1/subscription_items?subscription={id}",
            Data =
            [
                new SubscriptionItem
                {
                    Id = "si_1",
                    Object = "subscription_item",
                    Subscription = id,
                    Quantity = 1,
                    CurrentPeriodStart = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
                    CurrentPeriodEnd = PeriodEnd,
                    Price = new Price { Id = "price_pro", Object = "price", ProductId = "prod_pro", Currency = "usd", UnitAmount = 2000 },
                },
            ],
        },
    };

    public static Invoice Invoice(string customer, string status, string subscription = "sub_1", string id = "in_1") => new()
    {
        Id = id,
        Object = "invoice",
        CustomerId = customer,
        Status = status,
        Currency = "usd",
        AmountDue = 2000,
        AmountPaid = status == "paid" ? 2000 : 0,
        AttemptCount = 1,
        BillingReason = "subscription_cycle",
        HostedInvoiceUrl = "https://invoice.stripe.com/i/acct_1/test",
        NextPaymentAttempt = status == "paid" ? null : new DateTime(2026, 11, 4, 0, 0, 0, DateTimeKind.Utc),
        Parent = new InvoiceParent
        {
            Type = "subscription_details",
            SubscriptionDetails = new InvoiceParentSubscriptionDetails { SubscriptionId = subscription },
        },
        Lines = new StripeList<InvoiceLineItem>
        {
            Object = "list",
            Data =
            [
                new InvoiceLineItem
                {
                    Id = "il_1",
                    Object = "line_item",
                    Amount = 2000,
                    Period = new InvoiceLineItemPeriod { Start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), End = PeriodEnd },
                    Pricing = new InvoiceLineItemPricing
                    {
                        Type = "price_details",
                        PriceDetails = new InvoiceLineItemPricingPriceDetails { PriceId = "price_pro", Product = "prod_pro" },
                    },
                },
            ],
        },
    };

    public static Session CheckoutSession(string customer) => new()
    {
        Id = "cs_test_1",
        Object = "checkout.session",
        CustomerId = customer,
        SubscriptionId = "sub_1",
        ClientReferenceId = "user_42",
        Mode = "subscription",
        Status = "complete",
        PaymentStatus = "paid",
        Metadata = new Dictionary<string, string> { ["userId"] = "user_42", ["priceId"] = "price_pro" },
        CustomerDetails = new SessionCustomerDetails { Email = "jane@example.com" },
    };

    public static Customer Customer(string id) => new() { Id = id, Object = "customer", Email = "jane@example.com" };
}
