using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Storage;

namespace Saas.Admin.Features.Settings;

public static class SettingsEndpoints
{
    private const string PublicPrefix = "/api/settings";

    public static IEndpointRouteBuilder MapSettingsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(PublicPrefix).WithTags("Settings");
        group.MapGet("/public", GetPublicSettings).WithSummary("Global settings marked public (no authentication).");
        return routes;
    }

    public static async Task<Ok<PublicSettingsResponse>> GetPublicSettings(IDocumentStore store, CancellationToken ct)
    {
        var settings = await store.Collection<GlobalSetting>(GlobalSetting.CollectionName)
            .FindAsync(s => s.IsPublic, new QueryOptions<GlobalSetting> { SortBy = [new(s => s.Key)] }, ct);
        return TypedResults.Ok(new PublicSettingsResponse(settings.Select(s =>
            new PublicSetting(s.Key, s.Value, s.Type, s.Description)).ToList()));
    }
}

public sealed record PublicSettingsResponse(IReadOnlyList<PublicSetting> Settings);

public sealed record PublicSetting(string Key, object? Value, string Type, string? Description);
