using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Profile;

public static class Settings
{
    private const int MaxKeys = 100;
    private const int MaxKeyLength = 100;

    public static async Task<Results<Ok<SettingsResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal principal, IdentityStore store, CancellationToken cancellationToken) =>
        await store.Users.GetAsync(principal.GetUserId()!, cancellationToken) is { } user
            ? TypedResults.Ok(new SettingsResponse(user.Settings))
            : Me.UserNotFound();

    /// <summary>saasbackend merges the body into the settings object: keys sent replace theirs, the rest stay.</summary>
    public static async Task<Results<Ok<SettingsUpdatedResponse>, ProblemHttpResult>> UpdateAsync(
        HttpRequest request,
        ClaimsPrincipal principal,
        IdentityStore store,
        ActivityLog activity,
        IOptions<AccountOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        // Names that MongoDB treats as operators or paths would corrupt the document or fail to store.
        foreach (var property in body.Root.EnumerateObject())
        {
            if (property.Name.Length is 0 or > MaxKeyLength || property.Name.StartsWith('$') || property.Name.Contains('.') || property.Name.Contains('\0'))
            {
                body.Fail<string>("Setting names must be 1-100 characters, without '.' or a leading '$'", property.Name);
            }
        }

        if (body.Error is { } error)
        {
            return error;
        }

        var keys = body.Root.EnumerateObject().Select(p => p.Name).ToArray();
        var tooMany = false;
        var user = await store.Users.UpdateAsync(principal.GetUserId()!, u =>
        {
            foreach (var property in body.Root.EnumerateObject())
            {
                u.Settings[property.Name] = property.Value.Clone();
            }

            tooMany = u.Settings.Count > MaxKeys;
            u.UpdatedAt = time.GetUtcNow();
            return !tooMany;
        }, cancellationToken);
        if (user is null)
        {
            return Me.UserNotFound();
        }

        if (tooMany)
        {
            return ErrorResults.BadRequest($"At most {MaxKeys} settings are kept", "settings");
        }

        await activity.RecordAsync(user.Id, ActivityLog.SettingsUpdated, new() { ["keys"] = keys }, cancellationToken);
        return TypedResults.Ok(new SettingsUpdatedResponse("Settings updated successfully", user.Settings));
    }
}

public sealed record SettingsResponse(IReadOnlyDictionary<string, object?> Settings);

public sealed record SettingsUpdatedResponse(string Message, IReadOnlyDictionary<string, object?> Settings);
