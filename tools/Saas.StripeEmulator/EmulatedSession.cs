using System.Text.Json.Nodes;

namespace Saas.StripeEmulator;

/// <summary>A Checkout Session the emulator keeps.</summary>
public sealed class EmulatedSession
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    public string? CustomerId { get; init; }

    public required string PriceId { get; init; }

    public string Mode { get; init; } = "subscription";

    public string? ClientReferenceId { get; init; }

    public string? SuccessUrl { get; init; }

    public string? CancelUrl { get; init; }

    public int TrialDays { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public Dictionary<string, string> SubscriptionMetadata { get; init; } = [];

    public DateTimeOffset Created { get; init; }

    public string Status { get; set; } = "open";

    public string PaymentStatus { get; set; } = "unpaid";

    public string? SubscriptionId { get; set; }

    /// <summary>What Checkout collected once paid: the customer's e-mail and name.</summary>
    public JsonObject? CustomerDetails { get; set; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "checkout.session",
        ["url"] = Status == "open" ? Url : null,
        ["mode"] = Mode,
        ["customer"] = CustomerId,
        ["client_reference_id"] = ClientReferenceId,
        ["success_url"] = SuccessUrl,
        ["cancel_url"] = CancelUrl,
        ["status"] = Status,
        ["payment_status"] = PaymentStatus,
        ["subscription"] = SubscriptionId,
        ["customer_details"] = CustomerDetails?.DeepClone(),
        ["metadata"] = Json.Map(Metadata),
        ["created"] = Created.ToUnixTimeSeconds(),
        ["livemode"] = false,
    };
}
