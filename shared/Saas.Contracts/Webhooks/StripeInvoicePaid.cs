namespace Saas.Contracts.Webhooks;

/// <summary>
/// Stripe <c>invoice.payment_succeeded</c> or <c>invoice.paid</c> (Stripe sends both for one invoice: dedupe on
/// <see cref="InvoiceId"/> where it matters).
/// </summary>
public sealed record StripeInvoicePaid : StripeIntegrationEvent
{
    /// <summary>The invoice (<c>in_…</c>).</summary>
    public required string InvoiceId { get; init; }

    /// <summary>The subscription billed (<c>parent.subscription_details.subscription</c>, or <c>subscription</c> before API 2025-03-31).</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>The invoice status (<c>paid</c>).</summary>
    public required string Status { get; init; }

    /// <summary>The price of the first line.</summary>
    public string? PriceId { get; init; }

    /// <summary>End of the period the first line covers.</summary>
    public DateTimeOffset? PeriodEnd { get; init; }

    /// <summary>Amount paid in the currency's smallest unit.</summary>
    public long AmountPaid { get; init; }

    /// <summary>Three-letter ISO currency code, lower case.</summary>
    public string? Currency { get; init; }

    /// <summary>Why the invoice was made: <c>subscription_create</c>, <c>subscription_cycle</c>, …</summary>
    public string? BillingReason { get; init; }

    /// <summary>Stripe's hosted page for the invoice.</summary>
    public string? HostedInvoiceUrl { get; init; }
}
