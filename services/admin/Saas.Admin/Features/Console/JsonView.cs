using System.Globalization;
using System.Text.Json;

namespace Saas.Admin.Features.Console;

/// <summary>Reads the downstream services' JSON for display; missing members read as null, never throw.</summary>
public static class JsonView
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        // Razor encodes the text for HTML; escaping here as well would show < instead of <.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonElement? Member(this JsonElement? element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty(name, out var next))
            {
                return null;
            }

            current = next;
        }

        return current is { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } ? null : current;
    }

    /// <summary>A member as display text: strings as they are, times in UTC, anything else as JSON.</summary>
    public static string? Text(this JsonElement? element, params string[] path) => element.Member(path) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s when s.TryGetDateTimeOffset(out var time) && s.GetString()!.Contains('T') =>
            time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { } other => other.GetRawText(),
    };

    public static IEnumerable<JsonElement?> Items(this JsonElement? element, params string[] path) =>
        element.Member(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(e => (JsonElement?)e) : [];

    public static long Number(this JsonElement? element, params string[] path) =>
        element.Member(path) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var value) ? value : 0;

    public static string Pretty(JsonElement? element) => element is { } e ? JsonSerializer.Serialize(e, Indented) : "";

    /// <summary>A raw JSON string (Stripe's payload) indented for reading; left as it is when it is not JSON.</summary>
    public static string PrettyRaw(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public static string? Time(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
