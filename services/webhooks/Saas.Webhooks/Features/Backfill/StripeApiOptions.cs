namespace Saas.Webhooks.Features.Backfill;

/// <summary>Stripe's API, for the backfill (<c>Stripe:SecretKey</c>, <c>Stripe:ApiBase</c>).</summary>
public sealed class StripeApiOptions
{
    public const string SectionName = "Stripe";

    /// <summary><c>STRIPE_SECRET_KEY</c> in a saasbackend .env; without it the backfill answers 503.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Another API address (the local Stripe emulator, a test server); Stripe's own when empty.</summary>
    public string? ApiBase { get; set; }
}
