using System.Text.Json;

namespace Saas.Webhooks.Features.Intake;

/// <summary>Tolerant readers for Stripe JSON: a missing member, a null or an unexpected kind all read as null.</summary>
public static class StripeJson
{
    public static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    /// <summary>Follows a path of member names and array indexes, e.g. <c>"items", "data", 0, "price"</c>.</summary>
    public static JsonElement? Path(JsonElement element, params object[] path)
    {
        JsonElement? current = element;
        foreach (var step in path)
        {
            current = (current, step) switch
            {
                ({ } e, string name) => Member(e, name),
                ({ ValueKind: JsonValueKind.Array } e, int index) when index < e.GetArrayLength() => e[index],
                _ => null,
            };
        }

        return current is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } ? current : null;
    }

    public static string? String(JsonElement element, params object[] path) =>
        Path(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>An id that may be expanded: <c>"cus_1"</c> or <c>{ "id": "cus_1", … }</c>.</summary>
    public static string? Id(JsonElement element, params object[] path) => Path(element, path) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Object } value => String(value, "id"),
        _ => null,
    };

    public static long? Long(JsonElement element, params object[] path) =>
        Path(element, path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    public static bool Bool(JsonElement element, params object[] path) =>
        Path(element, path) is { ValueKind: JsonValueKind.True };

    /// <summary>A Unix timestamp in seconds, as Stripe sends times.</summary>
    public static DateTimeOffset? Time(JsonElement element, params object[] path) =>
        Long(element, path) is { } seconds && seconds >= MinSeconds && seconds <= MaxSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    // What DateTimeOffset can hold: a hostile or broken "created" must read as missing, not throw.
    private static readonly long MinSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The first value found among several paths: Stripe moved fields between API versions.</summary>
    public static T? First<T>(params T?[] candidates) where T : struct => candidates.FirstOrDefault(c => c.HasValue);
}
