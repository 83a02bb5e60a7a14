using Saas.Contracts.Identity;
using Saas.Contracts.Webhooks;

namespace Saas.Billing.Tests;

/// <summary>The integration events the webhooks service publishes, with the fields its translator fills.</summary>
public static class TestEvents
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public static StripeSubscriptionChanged Subscription(
        string? userId, string customerId, string subscriptionId, string status, DateTimeOffset created,
        string change = "updated", string priceId = "price_pro_monthly", bool cancelAtPeriodEnd = false,
        DateTimeOffset? trialEnd = null, bool isReplay = false, string? stripeEventId = null)
    {
        var eventId = stripeEventId ?? "evt_" + Guid.NewGuid().ToString("N")[..14];
        return new StripeSubscriptionChanged
        {
            EventId = Guid.NewGuid(),
            OccurredAt = created,
            StripeEventId = eventId,
            StripeEventType = $"customer.subscription.{change}",
            StripeCreated = created,
            CustomerId = customerId,
            IsReplay = isReplay,
            Change = change,
            SubscriptionId = subscriptionId,
            Status = status,
            PriceId = priceId,
            ProductId = "prod_pro",
            Quantity = 1,
            CurrentPeriodEnd = created.AddMonths(1),
            CancelAtPeriodEnd = cancelAtPeriodEnd,
            TrialEnd = trialEnd,
            UserId = userId,
        };
    }

    public static StripeInvoicePaid InvoicePaid(string customerId, string subscriptionId, string invoiceId, DateTimeOffset created, string type = "invoice.paid") => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = created,
        StripeEventId = "evt_" + Guid.NewGuid().ToString("N")[..14],
        StripeEventType = type,
        StripeCreated = created,
        CustomerId = customerId,
        InvoiceId = invoiceId,
        SubscriptionId = subscriptionId,
        Status = "paid",
        PriceId = "price_pro_monthly",
        PeriodEnd = created.AddMonths(1),
        AmountPaid = 1000,
        Currency = "usd",
        BillingReason = "subscription_cycle",
    };

    public static StripeInvoicePaymentFailed PaymentFailed(string customerId, string subscriptionId, DateTimeOffset created) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = created,
        StripeEventId = "evt_" + Guid.NewGuid().ToString("N")[..14],
        StripeCreated = created,
        CustomerId = customerId,
        InvoiceId = "in_" + Guid.NewGuid().ToString("N")[..10],
        SubscriptionId = subscriptionId,
        Status = "open",
        AmountDue = 1000,
        AttemptCount = 1,
    };

    public static StripeCheckoutSessionCompleted CheckoutCompleted(string userId, string customerId, string subscriptionId, DateTimeOffset created) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = created,
        StripeEventId = "evt_" + Guid.NewGuid().ToString("N")[..14],
        StripeCreated = created,
        CustomerId = customerId,
        CheckoutSessionId = "cs_test_" + Guid.NewGuid().ToString("N")[..10],
        SubscriptionId = subscriptionId,
        Mode = "subscription",
        Status = "complete",
        PaymentStatus = "paid",
        ClientReferenceId = userId,
        UserId = userId,
        PriceId = "price_pro_monthly",
    };

    public static UserDeleted UserDeleted(string userId, string? customerId = null, string? subscriptionId = null) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = DateTimeOffset.UtcNow,
        UserId = userId,
        Email = $"{userId}@example.com",
        StripeCustomerId = customerId,
        StripeSubscriptionId = subscriptionId,
    };

    public static string NewUserId() => Guid.NewGuid().ToString("N")[..24];

    public static string NewOrganizationId() => "org" + Guid.NewGuid().ToString("N")[..21];

    public static OrganizationCreated OrganizationCreated(string organizationId, string ownerUserId, string name = "Acme Rockets") => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = DateTimeOffset.UtcNow,
        OrganizationId = organizationId,
        Slug = "acme-" + organizationId[^6..],
        Name = name,
        OwnerUserId = ownerUserId,
    };

    public static OrganizationMembershipChanged Membership(string organizationId, string userId, string? role, long sequence) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = DateTimeOffset.UtcNow,
        OrganizationId = organizationId,
        UserId = userId,
        Role = role,
        Sequence = sequence,
    };

    public static OrganizationDeleted OrganizationDeleted(string organizationId) => new()
    {
        EventId = Guid.NewGuid(),
        OccurredAt = DateTimeOffset.UtcNow,
        OrganizationId = organizationId,
        Slug = "acme-" + organizationId[^6..],
    };
}
