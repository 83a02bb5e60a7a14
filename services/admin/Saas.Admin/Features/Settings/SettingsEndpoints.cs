using Microsoft.AspNetCore.Http.HttpResults;

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

    public static async Task<Ok<PublicSettingsResponse>> GetPublicSettings(PublicSettingsCache cache, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = $"public, max-age={(int)PublicSettingsCache.Lifetime.TotalSeconds}";
        return TypedResults.Ok(await cache.GetAsync(ct));
    }
}

public sealed record PublicSettingsResponse(IReadOnlyList<PublicSetting> Settings);

public sealed record PublicSetting(string Key, object? Value, string Type, string? Description);
