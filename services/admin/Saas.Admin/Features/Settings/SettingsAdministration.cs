using System.Text.Json;
using System.Text.RegularExpressions;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Storage;

namespace Saas.Admin.Features.Settings;

/// <summary>Seed 000's global settings manager (unique index on <c>Key</c>), for the API routes and the console.</summary>
public sealed partial class SettingsAdministration(IDocumentStore store, AuditLog audit, PublicSettingsCache publicSettings, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Types = ["string", "number", "boolean", "json"];

    private IDocumentCollection<GlobalSetting> Settings => store.Collection<GlobalSetting>(GlobalSetting.CollectionName);

    public Task<IReadOnlyList<GlobalSetting>> ListAsync(CancellationToken ct) =>
        Settings.FindAsync(s => true, new QueryOptions<GlobalSetting> { SortBy = [new(s => s.Key)] }, ct);

    public async Task<GlobalSetting?> FindAsync(string key, CancellationToken ct) =>
        (await Settings.FindAsync(s => s.Key == key, new QueryOptions<GlobalSetting> { Take = 1 }, ct)).FirstOrDefault();

    /// <summary>
    /// Creates or replaces <paramref name="key"/> (only creates with <paramref name="createOnly"/>: a key taken
    /// meanwhile is a 409); a value that does not fit its type changes nothing (400).
    /// </summary>
    public async Task<AdminResult> SaveAsync(HttpContext context, string key, SettingRequest body, CancellationToken ct, bool createOnly = false)
    {
        var type = body.Type ?? "string";
        if (!KeyPattern().IsMatch(key))
        {
            return AdminResult.Fail(StatusCodes.Status400BadRequest, "key must be 1-100 letters, digits, '_', '-', '.' or ':'", "key");
        }

        if (!Types.Contains(type))
        {
            return AdminResult.Fail(StatusCodes.Status400BadRequest, $"type must be one of {string.Join(", ", Types)}", "type");
        }

        if (!Fits(body.Value, type))
        {
            return AdminResult.Fail(StatusCodes.Status400BadRequest, $"value does not match type '{type}'", "value");
        }

        var existing = await FindAsync(key, ct);
        if (createOnly && existing is not null)
        {
            return AdminResult.Fail(StatusCodes.Status409Conflict, $"Setting with key '{key}' already exists.", "key");
        }

        object? before = existing is null ? null : JsonSerializer.SerializeToElement(existing, JsonSerializerOptions.Web);
        var now = time.GetUtcNow();
        var setting = existing ?? new GlobalSetting { Key = key, CreatedAt = now };
        setting.Value = body.Value is { } v && v.ValueKind != JsonValueKind.Null ? v : null;
        setting.Type = type;
        setting.IsPublic = body.IsPublic ?? existing?.IsPublic ?? false;
        setting.Description = body.Description ?? existing?.Description;
        setting.UpdatedAt = now;
        try
        {
            await (existing is null ? Settings.InsertAsync(setting, ct) : Settings.ReplaceAsync(setting, ct));
        }
        catch (Exception ex) when (ex is DuplicateKeyException or ConcurrencyConflictException or DocumentNotFoundException)
        {
            return AdminResult.Fail(StatusCodes.Status409Conflict, "The setting was changed at the same time; reload and try again");
        }

        publicSettings.Invalidate();
        var saved = await FindAsync(key, ct);
        await audit.RecordAsync(context, createOnly ? "setting.create" : "setting.upsert", "setting", key, before, saved, ct);
        return AdminResult.Ok(new { message = "Setting saved", setting = saved });
    }

    public async Task<AdminResult> DeleteAsync(HttpContext context, string key, CancellationToken ct)
    {
        if (await FindAsync(key, ct) is not { } existing || !await Settings.DeleteAsync(existing.Id, ct))
        {
            return NotFound();
        }

        publicSettings.Invalidate();
        await audit.RecordAsync(context, "setting.delete", "setting", key, existing, null, ct);
        return AdminResult.Ok(new { message = "Setting deleted" });
    }

    public static AdminResult NotFound() => AdminResult.Fail(StatusCodes.Status404NotFound, "Setting not found");

    private static bool Fits(JsonElement? value, string type) => value is not { } v || v.ValueKind == JsonValueKind.Null || type switch
    {
        "string" => v.ValueKind == JsonValueKind.String,
        "number" => v.ValueKind == JsonValueKind.Number,
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => true,
    };

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,100}$")]
    private static partial Regex KeyPattern();
}
