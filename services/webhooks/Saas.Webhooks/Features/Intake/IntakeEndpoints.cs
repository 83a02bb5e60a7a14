using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Errors;

namespace Saas.Webhooks.Features.Intake;

public static class IntakeEndpoints
{
    private const string SignatureHeader = "Stripe-Signature";

    public static IEndpointRouteBuilder MapIntakeEndpoints(this IEndpointRouteBuilder routes)
    {
        // Both paths exist in saasbackend (seed 000); Stripe dashboards point at either.
        routes.MapPost("/api/stripe/webhook", ReceiveAsync).WithTags("Stripe webhooks").DisableAntiforgery();
        routes.MapPost("/api/stripe-webhook", ReceiveAsync).WithTags("Stripe webhooks").DisableAntiforgery();
        return routes;
    }

    /// <summary>Verify, store, answer. Processing happens elsewhere: the 200 means "stored", nothing more.</summary>
    public static async Task<Results<Ok<IntakeResponse>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, SignatureVerifier verifier, EventIntake intake, WebhookMetrics metrics,
        IOptions<WebhooksOptions> options, CancellationToken ct)
    {
        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            return Reject(metrics, "missing_signature", ErrorResults.BadRequest($"Missing {SignatureHeader} header", SignatureHeader));
        }

        if (!verifier.IsConfigured)
        {
            // 503 makes Stripe keep the event and retry it, so nothing is lost while the secret is being set.
            request.HttpContext.Response.Headers.RetryAfter = "60";
            return ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, "Stripe webhook secret is not configured (Stripe:WebhookSecret)");
        }

        var maxBytes = options.Value.MaxPayloadBytes;
        if (await PayloadReader.ReadAsync(request, maxBytes, ct) is not { } payload)
        {
            return Reject(metrics, "too_large", ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, $"Webhook payload exceeds {maxBytes} bytes"));
        }

        switch (verifier.Verify(payload, signature))
        {
            case SignatureCheck.Stale:
                return Reject(metrics, "stale_timestamp", ErrorResults.BadRequest("Stripe signature timestamp is outside the tolerance", SignatureHeader));
            case SignatureCheck.Invalid:
                return Reject(metrics, "invalid_signature", ErrorResults.BadRequest("Invalid Stripe signature", SignatureHeader));
        }

        if (!StripeEventEnvelope.TryParse(payload, out var envelope, out var error))
        {
            return Reject(metrics, "malformed", ErrorResults.BadRequest(error!));
        }

        var result = await intake.AcceptAsync(envelope!, payload, ct);
        return TypedResults.Ok(new IntakeResponse(true, result == IntakeResult.Stored ? null : true));
    }

    private static ProblemHttpResult Reject(WebhookMetrics metrics, string reason, ProblemHttpResult result)
    {
        metrics.Rejected(reason);
        return result;
    }
}

/// <summary>saasbackend answers <c>{ received: true }</c>; a redelivery also says <c>duplicate: true</c>.</summary>
public sealed record IntakeResponse(
    bool Received,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Duplicate);
