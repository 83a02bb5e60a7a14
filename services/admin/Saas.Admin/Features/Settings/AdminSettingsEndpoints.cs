using System.Text.Json;
using System.Text.RegularExpressions;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Admin.Features.Settings;

/// <summary>Seed 000's global settings manager: list, read, upsert and delete by key (unique index on <c>Key</c>).</summary>
public static partial class AdminSettingsEndpoints
{
    private const string RoutePrefix = "/api/admin/settings";
    private static readonly string[] Types = ["string", "number", "boolean", "json"];

    public static IEndpointRouteBuilder MapAdminSettingsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Admin").RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapGet("/", ListAsync);
        group.MapGet("/{key}", GetAsync);
        group.MapPut("/{key}", PutAsync).WithSummary("Creates or replaces a setting; value must match type (string, number, boolean, json).");
        group.MapDelete("/{key}", DeleteAsync);
        return routes;
    }

    public static async Task<IResult> ListAsync(IDocumentStore store, CancellationToken ct) =>
        TypedResults.Ok(new { settings = await Settings(store).FindAsync(s => true, new QueryOptions<GlobalSetting> { SortBy = [new(s => s.Key)] }, ct) });

    public static async Task<IResult> GetAsync(string key, IDocumentStore store, CancellationToken ct) =>
        await FindAsync(store, key, ct) is { } setting ? TypedResults.Ok(new { setting }) : NotFound();

    public static async Task<IResult> PutAsync(
        string key, SettingRequest body, IDocumentStore store, AuditLog audit, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        var type = body.Type ?? "string";
        if (!KeyPattern().IsMatch(key))
        {
            return ErrorResults.BadRequest("key must be 1-100 letters, digits, '_', '-', '.' or ':'", "key");
        }

        if (!Types.Contains(type))
        {
            return ErrorResults.BadRequest($"type must be one of {string.Join(", ", Types)}", "type");
        }

        if (!Fits(body.Value, type))
        {
            return ErrorResults.BadRequest($"value does not match type '{type}'", "value");
        }

        var collection = Settings(store);
        var existing = await FindAsync(store, key, ct);
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
            await (existing is null ? collection.InsertAsync(setting, ct) : collection.ReplaceAsync(setting, ct));
        }
        catch (Exception ex) when (ex is DuplicateKeyException or ConcurrencyConflictException or DocumentNotFoundException)
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict, "The setting was changed at the same time; reload and try again");
        }

        var saved = await FindAsync(store, key, ct);
        await audit.RecordAsync(context, "setting.upsert", "setting", key, before, saved, ct);
        return TypedResults.Ok(new { message = "Setting saved", setting = saved });
    }

    public static async Task<IResult> DeleteAsync(string key, IDocumentStore store, AuditLog audit, HttpContext context, CancellationToken ct)
    {
        if (await FindAsync(store, key, ct) is not { } existing || !await Settings(store).DeleteAsync(existing.Id, ct))
        {
            return NotFound();
        }

        await audit.RecordAsync(context, "setting.delete", "setting", key, existing, null, ct);
        return TypedResults.Ok(new { message = "Setting deleted" });
    }

    private static IDocumentCollection<GlobalSetting> Settings(IDocumentStore store) =>
        store.Collection<GlobalSetting>(GlobalSetting.CollectionName);

    private static async Task<GlobalSetting?> FindAsync(IDocumentStore store, string key, CancellationToken ct) =>
        (await Settings(store).FindAsync(s => s.Key == key, new QueryOptions<GlobalSetting> { Take = 1 }, ct)).FirstOrDefault();

    private static IResult NotFound() => ErrorResults.Error(StatusCodes.Status404NotFound, "Setting not found");

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

public sealed record SettingRequest(JsonElement? Value, string? Type, bool? IsPublic, string? Description);
