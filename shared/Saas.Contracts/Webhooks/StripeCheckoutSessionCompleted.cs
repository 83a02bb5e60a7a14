namespace Saas.Contracts.Webhooks;

/// <summary>Stripe <c>checkout.session.completed</c>: a customer finished a Checkout Session.</summary>
public sealed record StripeCheckoutSessionCompleted : StripeIntegrationEvent
{
    /// <inheritdoc />
    public override string StripeEventType { get; init; } = "checkout.session.completed";

    /// <summary>The Checkout Session (<c>cs_…</c>).</summary>
    public required string CheckoutSessionId { get; init; }

    /// <summary>The subscription created by a <c>subscription</c>-mode session.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>Session mode: <c>subscription</c>, <c>payment</c> or <c>setup</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>Session status (<c>complete</c>).</summary>
    public string? Status { get; init; }

    /// <summary><c>paid</c>, <c>unpaid</c> or <c>no_payment_required</c>.</summary>
    public string? PaymentStatus { get; init; }

    /// <summary>What our checkout passed as <c>client_reference_id</c> (the user id).</summary>
    public string? ClientReferenceId { get; init; }

    /// <summary>The user id: <c>metadata.userId</c> (or <c>user_id</c>), else <see cref="ClientReferenceId"/>.</summary>
    public string? UserId { get; init; }

    /// <summary>The price bought, when our checkout put it in <c>metadata.priceId</c>.</summary>
    public string? PriceId { get; init; }

    /// <summary>The customer's e-mail as Checkout collected it.</summary>
    public string? CustomerEmail { get; init; }

    /// <summary>The session's metadata (string values).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
