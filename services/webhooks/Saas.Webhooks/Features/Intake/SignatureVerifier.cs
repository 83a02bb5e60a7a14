using Microsoft.Extensions.Options;
using Stripe;

namespace Saas.Webhooks.Features.Intake;

public enum SignatureCheck
{
    Valid,
    Invalid,
    Stale,
}

/// <summary>Checks the <c>Stripe-Signature</c> header against every configured secret (several during a rotation).</summary>
public sealed class SignatureVerifier(IOptions<StripeWebhookOptions> stripe, IOptions<WebhooksOptions> options, TimeProvider time)
{
    public bool IsConfigured => stripe.Value.Secrets.Count > 0;

    public SignatureCheck Verify(string payload, string header)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = options.Value.SignatureToleranceSeconds;
        foreach (var secret in stripe.Value.Secrets)
        {
            try
            {
                EventUtility.ValidateSignature(payload, header, secret, tolerance, now);
                return SignatureCheck.Valid;
            }
            catch (StripeException)
            {
            }
        }

        // Told apart only to give the sender a useful error: a stale timestamp usually means a replayed request or a
        // skewed clock, not a wrong secret.
        return Timestamp(header) is { } t && Math.Abs(now - t) > tolerance ? SignatureCheck.Stale : SignatureCheck.Invalid;
    }

    private static long? Timestamp(string header) =>
        header.Split(',').Select(part => part.Trim()).FirstOrDefault(part => part.StartsWith("t=", StringComparison.Ordinal)) is { } t &&
        long.TryParse(t.AsSpan(2), out var seconds)
            ? seconds
            : null;
}
