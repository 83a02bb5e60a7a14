namespace Saas.Contracts.Webhooks;

/// <summary>Stripe <c>invoice.payment_failed</c>: a payment attempt for an invoice failed.</summary>
public sealed record StripeInvoicePaymentFailed : StripeIntegrationEvent
{
    /// <inheritdoc />
    public override string StripeEventType { get; init; } = "invoice.payment_failed";

    /// <summary>The invoice (<c>in_…</c>).</summary>
    public required string InvoiceId { get; init; }

    /// <summary>The subscription billed, when the invoice is a subscription's.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>The invoice status (<c>open</c> while Stripe keeps trying).</summary>
    public required string Status { get; init; }

    /// <summary>The price of the first line.</summary>
    public string? PriceId { get; init; }

    /// <summary>End of the period the first line covers.</summary>
    public DateTimeOffset? PeriodEnd { get; init; }

    /// <summary>Amount due in the currency's smallest unit.</summary>
    public long AmountDue { get; init; }

    /// <summary>Three-letter ISO currency code, lower case.</summary>
    public string? Currency { get; init; }

    /// <summary>How many payment attempts Stripe has made.</summary>
    public long AttemptCount { get; init; }

    /// <summary>When Stripe tries again; null when it has given up.</summary>
    public DateTimeOffset? NextPaymentAttempt { get; init; }

    /// <summary>Why the invoice was made.</summary>
    public string? BillingReason { get; init; }

    /// <summary>Stripe's hosted page where the customer can pay.</summary>
    public string? HostedInvoiceUrl { get; init; }
}
