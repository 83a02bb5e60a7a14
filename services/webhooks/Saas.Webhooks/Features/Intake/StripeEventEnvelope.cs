using System.Text.Json;

namespace Saas.Webhooks.Features.Intake;

/// <summary>
/// The parts of a Stripe event we rely on, read straight from the raw JSON so an event of any API version is
/// understood (Stripe.net's <c>ConstructEvent</c> refuses versions other than its own).
/// </summary>
public sealed record StripeEventEnvelope(
    string Id,
    string Type,
    DateTimeOffset Created,
    bool Livemode,
    string? ApiVersion,
    JsonElement DataObject,
    JsonElement? PreviousAttributes)
{
    /// <summary><c>customer</c> of the object (an id, or an expanded object's id); a customer object's own id.</summary>
    public string? CustomerId =>
        StripeJson.Id(DataObject, "customer")
        ?? (StripeJson.String(DataObject, "object") == "customer" ? StripeJson.String(DataObject, "id") : null);

    /// <summary>Parses <paramref name="json"/>; <paramref name="error"/> says what is missing when it is not a Stripe event.</summary>
    public static bool TryParse(string json, out StripeEventEnvelope? envelope, out string? error)
    {
        envelope = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The payload is not a JSON object";
                return false;
            }

            var id = StripeJson.String(root, "id");
            var type = StripeJson.String(root, "type");
            var created = StripeJson.Time(root, "created");
            if (id is null || type is null || created is null ||
                !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
                !data.TryGetProperty("object", out var dataObject) || dataObject.ValueKind != JsonValueKind.Object)
            {
                error = "The payload is not a Stripe event (id, type, created and data.object are required)";
                return false;
            }

            JsonElement? previous = data.TryGetProperty("previous_attributes", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.Clone()
                : null;
            envelope = new StripeEventEnvelope(
                id, type, created.Value, root.TryGetProperty("livemode", out var live) && live.ValueKind == JsonValueKind.True,
                StripeJson.String(root, "api_version"), dataObject.Clone(), previous);
            error = null;
            return true;
        }
        catch (JsonException)
        {
            error = "Malformed JSON payload";
            return false;
        }
    }
}
