using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Identity.Storage;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Accounts;

public static class Me
{
    /// <summary>saasbackend answers the user object itself, not wrapped.</summary>
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> HandleAsync(
        ClaimsPrincipal principal, IdentityStore store, CancellationToken cancellationToken) =>
        await store.CachedUsers.GetAsync(principal.GetUserId()!, cancellationToken) is { } user
            ? TypedResults.Ok(UserResponse.From(user))
            : UserNotFound();

    public static ProblemHttpResult UserNotFound() =>
        ErrorResults.Error(StatusCodes.Status404NotFound, "User not found");
}
