using System.Text.Json.Nodes;

namespace Saas.StripeEmulator;

/// <summary>A subscription the emulator keeps; its JSON has the API 2025-03-31+ shape (period on the item).</summary>
public sealed class EmulatedSubscription
{
    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public required string PriceId { get; set; }

    public string Status { get; set; } = "active";

    public bool CancelAtPeriodEnd { get; set; }

    public DateTimeOffset? CancelAt { get; set; }

    public DateTimeOffset? CanceledAt { get; set; }

    public DateTimeOffset? TrialEnd { get; set; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset CurrentPeriodStart { get; set; }

    public DateTimeOffset CurrentPeriodEnd { get; set; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "subscription",
        ["customer"] = CustomerId,
        ["status"] = Status,
        ["cancel_at_period_end"] = CancelAtPeriodEnd,
        ["cancel_at"] = Unix(CancelAt),
        ["canceled_at"] = Unix(CanceledAt),
        ["trial_end"] = Unix(TrialEnd),
        ["created"] = Created.ToUnixTimeSeconds(),
        ["start_date"] = Created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["metadata"] = Json.Map(Metadata),
        ["items"] = new JsonObject
        {
            ["object"] = "list",
            ["has_more"] = false,
            ["url"] = $"/v1/subscription_items?subscription={Id}",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = "si_" + Id[4..],
                ["object"] = "subscription_item",
                ["subscription"] = Id,
                ["quantity"] = 1,
                ["current_period_start"] = CurrentPeriodStart.ToUnixTimeSeconds(),
                ["current_period_end"] = CurrentPeriodEnd.ToUnixTimeSeconds(),
                ["price"] = new JsonObject { ["id"] = PriceId, ["object"] = "price", ["product"] = "prod_" + PriceId, ["active"] = true },
            }),
        },
    };

    private static JsonNode? Unix(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeSeconds() : null;
}

internal static class Json
{
    public static JsonObject Map(IEnumerable<KeyValuePair<string, string>> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values)
        {
            map[key] = value;
        }

        return map;
    }

    /// <summary>The entries of <c>prefix[key]</c> fields, e.g. <c>metadata[userId]</c>.</summary>
    public static Dictionary<string, string> Nested(IReadOnlyDictionary<string, string> form, string prefix) =>
        form.Where(f => f.Key.StartsWith(prefix + "[", StringComparison.Ordinal) && f.Key.EndsWith(']') && f.Key.IndexOf('[', prefix.Length + 1) < 0)
            .ToDictionary(f => f.Key[(prefix.Length + 1)..^1], f => f.Value);

    public static JsonObject Error(string type, string message, string? code = null) => new()
    {
        ["error"] = new JsonObject { ["type"] = type, ["message"] = message, ["code"] = code },
    };
}
