using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Errors;
using Stripe;

namespace Saas.Webhooks.Features.Intake;

public static class IntakeEndpoints
{
    private const string SignatureHeader = "Stripe-Signature";
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapIntakeEndpoints(this IEndpointRouteBuilder routes)
    {
        // Both paths exist in saasbackend (seed 000); Stripe dashboards point at either.
        routes.MapPost("/api/stripe/webhook", ReceiveAsync).WithTags("Stripe webhooks").DisableAntiforgery();
        routes.MapPost("/api/stripe-webhook", ReceiveAsync).WithTags("Stripe webhooks").DisableAntiforgery();
        return routes;
    }

    public static async Task<IResult> ReceiveAsync(HttpRequest request, IOptions<StripeWebhookOptions> options, CancellationToken ct)
    {
        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            return ErrorResults.BadRequest($"Missing {SignatureHeader} header", SignatureHeader);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, "Webhook payload too large");
        }

        using var reader = new StreamReader(request.Body);
        var payload = await reader.ReadToEndAsync(ct);
        if (options.Value.Secrets.Count == 0)
        {
            return ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, "Stripe webhook secret is not configured (Stripe:WebhookSecret)");
        }

        if (!options.Value.Secrets.Any(secret => IsValid(payload, signature, secret)))
        {
            return ErrorResults.BadRequest("Invalid Stripe signature", SignatureHeader);
        }

        // Durable storage and processing of verified events come with the webhook pipeline; until then a
        // 503 makes Stripe keep the event and retry it, so nothing is lost.
        request.HttpContext.Response.Headers.RetryAfter = "60";
        return ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, "Webhook processing is not enabled yet");
    }

    private static bool IsValid(string payload, string signature, string secret)
    {
        try
        {
            EventUtility.ValidateSignature(payload, signature, secret, tolerance: 300);
            return true;
        }
        catch (StripeException)
        {
            return false;
        }
    }
}
