using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Authentication.ApiKeys;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Security;
using Saas.Storage;

namespace Saas.Identity.Features.ApiKeys;

/// <summary>
/// A signed-in user's API keys: create (the secret is answered once and never again), list (prefix only), revoke. Only
/// an access token manages keys — a key cannot mint or revoke keys. The internal lookup is how other services check one.
/// </summary>
public static class ApiKeysEndpoints
{
    private const string RoutePrefix = "/api/v1/api-keys";
    private const int MaxActiveKeys = 20;

    public static IEndpointRouteBuilder MapApiKeysEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("API keys").RequireAuthorization().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("", CreateAsync).WithSummary("Creates a scoped API key; the key is in this answer only (201).");
        group.MapGet("", ListAsync).WithSummary("The caller's keys: id, name, prefix, scopes, created, revoked — never the secret.");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revokes a key at once.");

        var internalApi = routes.MapGroup("/internal").WithTags("Internal").ExcludeFromDescription()
            .RequireInternalApiKey(services => services.GetRequiredService<IOptions<AccountOptions>>().Value.InternalApiKey);
        internalApi.MapGet("/identity/api-keys/{hash}", LookupAsync).WithSummary("The live key with this SHA-256, for other services.");
        internalApi.MapGet("/users/{id}/api-keys", ListForStaffAsync).WithSummary("A user's keys, for staff.");
        return routes;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ClaimsPrincipal principal, ApiKeyStore keys, ActivityLog activity, TimeProvider time, CancellationToken ct)
    {
        var userId = principal.GetUserId()!;
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            return ErrorResults.BadRequest("name is required (at most 100 characters)", "name");
        }

        var scopes = request.Scopes is null ? ApiKeyScopes.Default.ToList() : request.Scopes.Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(s => !ApiKeyScopes.All.Contains(s)))
        {
            return ErrorResults.BadRequest($"scopes must name one or more of {string.Join(", ", ApiKeyScopes.All)}", "scopes");
        }

        if (await keys.Keys.CountAsync(k => k.UserId == userId && k.RevokedAt == null, ct) >= MaxActiveKeys)
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict, $"At most {MaxActiveKeys} active API keys; revoke one first");
        }

        var secret = ApiKeyFormat.Generate();
        var key = new ApiKey
        {
            UserId = userId, Name = name, Prefix = ApiKeyFormat.DisplayPrefix(secret), Hash = ApiKeyFormat.Hash(secret),
            Scopes = scopes, CreatedAt = time.GetUtcNow(),
        };
        await keys.Keys.InsertAsync(key, ct);
        await activity.RecordAsync(userId, "api_key_created", new() { ["keyId"] = key.Id, ["name"] = name, ["scopes"] = scopes }, ct);
        return TypedResults.Created($"{RoutePrefix}/{key.Id}", new CreatedApiKeyResponse(secret, ApiKeyResponse.Of(key)));
    }

    public static async Task<Ok<ApiKeyListResponse>> ListAsync(ClaimsPrincipal principal, ApiKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok(await ListForAsync(principal.GetUserId()!, keys, ct));

    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal principal, ApiKeyStore keys, ActivityLog activity, TimeProvider time, CancellationToken ct)
    {
        var userId = principal.GetUserId()!;
        var revoked = false;
        var key = await keys.Keys.UpdateAsync(id, k =>
        {
            revoked = k.UserId == userId && k.RevokedAt is null;
            if (revoked)
            {
                k.RevokedAt = time.GetUtcNow();
            }

            return revoked;
        }, ct);
        if (key is null || key.UserId != userId)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, "API key not found");
        }

        if (revoked)
        {
            await activity.RecordAsync(userId, "api_key_revoked", new() { ["keyId"] = key.Id, ["name"] = key.Name }, ct);
        }

        return TypedResults.Ok(ApiKeyResponse.Of(key));
    }

    public static async Task<Results<Ok<VerifiedApiKey>, NotFound>> LookupAsync(string hash, IApiKeyVerifier verifier, CancellationToken ct) =>
        hash.Length == 64 && await verifier.VerifyAsync(hash, ct) is { } key ? TypedResults.Ok(key) : TypedResults.NotFound();

    public static async Task<Ok<ApiKeyListResponse>> ListForStaffAsync(string id, ApiKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok(await ListForAsync(id, keys, ct));

    private static async Task<ApiKeyListResponse> ListForAsync(string userId, ApiKeyStore keys, CancellationToken ct) =>
        new((await keys.Keys.FindAsync(k => k.UserId == userId, new() { Take = 200 }, ct))
            .OrderByDescending(k => k.CreatedAt).Select(ApiKeyResponse.Of).ToList());
}

/// <summary>Scopes default to <c>usage:read</c> and <c>usage:write</c>.</summary>
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes);

public sealed record ApiKeyResponse(
    string Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse Of(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.RevokedAt);
}

/// <summary>The only answer that ever holds the secret.</summary>
public sealed record CreatedApiKeyResponse(string Key, ApiKeyResponse ApiKey);

public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyResponse> Keys);
