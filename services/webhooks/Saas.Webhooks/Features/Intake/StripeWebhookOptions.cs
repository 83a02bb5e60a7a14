namespace Saas.Webhooks.Features.Intake;

/// <summary>Stripe webhook signing secrets (<c>Stripe:WebhookSecret</c>, <c>STRIPE_WEBHOOK_SECRET</c> in a saasbackend .env).</summary>
public sealed class StripeWebhookOptions
{
    public const string SectionName = "Stripe";

    /// <summary>One secret, or several separated by commas while a secret is being rotated.</summary>
    public string? WebhookSecret { get; set; }

    public IReadOnlyList<string> Secrets =>
        (WebhookSecret ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
