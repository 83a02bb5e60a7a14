namespace Saas.StripeEmulator;

/// <summary>One API request as the emulator received it (form fields flattened the way Stripe encodes them).</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Form,
    string? IdempotencyKey,
    string? ApiKey,
    int StatusCode)
{
    /// <summary>A form field, e.g. <c>line_items[0][price]</c> or <c>metadata[userId]</c>; null when absent.</summary>
    public string? this[string field] => Form.TryGetValue(field, out var value) ? value : null;
}

/// <summary>A fault the next matching requests meet.</summary>
/// <param name="StatusCode">What Stripe answers, e.g. 500 or 429.</param>
/// <param name="AfterProcessing">Process the request (and remember its idempotent answer) but answer the fault,
/// as when Stripe succeeded and the connection broke: a retry with the same key must not create twice.</param>
public sealed record EmulatedFault(int StatusCode, bool AfterProcessing = false);
