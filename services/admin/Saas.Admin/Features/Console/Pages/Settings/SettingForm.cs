using System.Globalization;
using System.Text.Json;
using Saas.Admin.Features.Settings;

namespace Saas.Admin.Features.Console.Pages.Settings;

/// <summary>The settings form: the value is typed as text and turned into JSON of the chosen type.</summary>
public sealed class SettingForm
{
    public string? Key { get; set; }

    public string Type { get; set; } = "string";

    public string? Value { get; set; }

    public string? Description { get; set; }

    public bool IsPublic { get; set; }

    public static SettingForm From(GlobalSetting s) => new()
    {
        Key = s.Key, Type = s.Type, Value = Display(s.Value), Description = s.Description, IsPublic = s.IsPublic,
    };

    /// <summary>A stored value as the form shows it: strings bare, anything else as JSON.</summary>
    public static string Display(object? value) => value switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(value, JsonSerializerOptions.Web),
    };

    /// <summary>The API's request, or null with <paramref name="problem"/> saying which field is wrong.</summary>
    public SettingRequest? ToRequest(out string? problem)
    {
        problem = null;
        var text = Value ?? "";
        JsonElement? value;
        try
        {
            value = text.Trim().Length == 0 && Type != "string" ? null : Type switch
            {
                "string" => JsonSerializer.SerializeToElement(text),
                "number" => double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    ? JsonDocument.Parse(text.Trim()).RootElement.Clone()
                    : throw new FormatException($"'{text}' is not a number"),
                "boolean" => bool.TryParse(text.Trim(), out var b)
                    ? JsonSerializer.SerializeToElement(b)
                    : throw new FormatException("a boolean is true or false"),
                _ => JsonDocument.Parse(text).RootElement.Clone(),
            };
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            problem = $"Value: {(ex is JsonException ? "not valid JSON" : ex.Message)}. Nothing was saved.";
            return null;
        }

        return new SettingRequest(value, Type, IsPublic, string.IsNullOrWhiteSpace(Description) ? null : Description.Trim());
    }
}
