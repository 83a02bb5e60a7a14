using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Admin.Features.Downstream;

namespace Saas.Admin.Features.Settings;

/// <summary>
/// saasbackend's <c>POST /api/admin/settings</c>: creates a setting (409 when the key exists; <c>PUT …/{key}</c>
/// replaces). Its clients send typed values as strings (<c>"42"</c>, <c>"true"</c>, JSON text): those are stored as
/// the number, boolean or JSON they spell, so the public settings read the same whichever route wrote them.
/// </summary>
public static class CreateSetting
{
    public const string Required = "key, value, type, and description are required";

    public static async Task<Results<Created<SettingView>, ProblemHttpResult>> HandleAsync(CreateSettingRequest body, SettingsAdministration settings, HttpContext context, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Key) || body.Value is not { ValueKind: not JsonValueKind.Null } value
            || string.IsNullOrWhiteSpace(body.Type) || string.IsNullOrWhiteSpace(body.Description))
        {
            var missing = string.IsNullOrWhiteSpace(body.Key) ? "key" : body.Value is null ? "value" : string.IsNullOrWhiteSpace(body.Type) ? "type" : "description";
            return AdminResult.Fail(StatusCodes.Status400BadRequest, Required, missing).ToProblem();
        }

        if (!SettingsAdministration.Types.Contains(body.Type))
        {
            return AdminResult.Fail(StatusCodes.Status400BadRequest,
                $"type must be one of {string.Join(", ", SettingsAdministration.Types)}", "type").ToProblem();
        }

        if (await settings.FindAsync(body.Key, ct) is not null)
        {
            return AdminResult.Fail(StatusCodes.Status409Conflict, $"Setting with key '{body.Key}' already exists.", "key").ToProblem();
        }

        var result = await settings.SaveAsync(context, body.Key,
            new SettingRequest(Typed(value, body.Type), body.Type, body.Public ?? body.IsPublic ?? false, body.Description), ct, createOnly: true);
        if (!result.IsSuccess)
        {
            return result.ToProblem();
        }

        var saved = (await settings.FindAsync(body.Key, ct))!;
        return TypedResults.Created($"/api/admin/settings/{Uri.EscapeDataString(saved.Key)}", SettingView.From(saved));
    }

    /// <summary>A string spelling a number, boolean or JSON becomes that value; anything else is left for the type check.</summary>
    private static JsonElement Typed(JsonElement value, string type)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return value;
        }

        var text = value.GetString()!;
        return type switch
        {
            "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonSerializer.SerializeToElement(number),
            "boolean" when text is "true" or "false" => JsonSerializer.SerializeToElement(text == "true"),
            "json" when TryParse(text) is { } parsed => parsed,
            _ => value,
        };
    }

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>saasbackend's body; <c>public</c> is its name for our <c>isPublic</c> (either is read).</summary>
public sealed record CreateSettingRequest(string? Key, JsonElement? Value, string? Type, string? Description, bool? Public, bool? IsPublic);

/// <summary>A setting as saasbackend answers it (<c>_id</c>, <c>public</c>), with our names beside.</summary>
public sealed record SettingView(
    [property: JsonPropertyName("_id")] string MongoId, string Id, string Key, object? Value, string Type, string? Description,
    bool Public, bool IsPublic, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SettingView From(GlobalSetting s) =>
        new(s.Id, s.Id, s.Key, s.Value, s.Type, s.Description, s.IsPublic, s.IsPublic, s.CreatedAt, s.UpdatedAt);
}
