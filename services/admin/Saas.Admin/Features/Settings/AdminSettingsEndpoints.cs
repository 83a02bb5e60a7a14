using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Features.Settings;

/// <summary>Seed 000's global settings routes; the work is <see cref="SettingsAdministration"/>'s, shared with the console.</summary>
public static class AdminSettingsEndpoints
{
    private const string RoutePrefix = "/api/admin/settings";

    public static IEndpointRouteBuilder MapAdminSettingsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Admin").RequireAuthorization(StaffAuthentication.AdminPolicy);
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateSetting.HandleAsync).WithSummary("saasbackend: creates a setting { key, value, type, description, public }; 409 if the key exists.");
        group.MapGet("/{key}", GetAsync);
        group.MapPut("/{key}", PutAsync).WithSummary("Creates or replaces a setting; value must match type (string, number, boolean, json).");
        group.MapDelete("/{key}", DeleteAsync);
        return routes;
    }

    public static async Task<Ok<SettingListResponse>> ListAsync(SettingsAdministration settings, CancellationToken ct) =>
        TypedResults.Ok(new SettingListResponse((await settings.ListAsync(ct)).Select(SettingView.From).ToList()));

    public static async Task<Results<Ok<SettingResponse>, ProblemHttpResult>> GetAsync(string key, SettingsAdministration settings, CancellationToken ct) =>
        await settings.FindAsync(key, ct) is { } found
            ? TypedResults.Ok(new SettingResponse(SettingView.From(found)))
            : SettingsAdministration.NotFound().ToProblem();

    // A body without "value" would store null in place of the setting: refused (an explicit null is still a value).
    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> PutAsync(
        string key, SettingRequest body, SettingsAdministration settings, HttpContext context, CancellationToken ct) =>
        body.Value is null
            ? ErrorResults.BadRequest("value is required", "value")
            : (await settings.SaveAsync(context, key, body, ct)).ToHttpResult();

    public static async Task<Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult>> DeleteAsync(string key, SettingsAdministration settings, HttpContext context, CancellationToken ct) =>
        (await settings.DeleteAsync(context, key, ct)).ToHttpResult();
}

public sealed record SettingListResponse(IReadOnlyList<SettingView> Settings);

public sealed record SettingResponse(SettingView Setting);

public sealed record SettingRequest(JsonElement? Value, string? Type, bool? IsPublic, string? Description);
