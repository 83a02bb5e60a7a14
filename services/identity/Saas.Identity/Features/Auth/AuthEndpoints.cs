using Microsoft.AspNetCore.Http.HttpResults;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Auth;

public static class AuthEndpoints
{
    private const string RoutePrefix = "/api/auth";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("Auth");
        group.MapGet("/me", GetMe).WithSummary("The signed-in user.");
        return routes;
    }

    // Token issuing arrives with the accounts feature; until then no bearer token can be valid,
    // and the answer is the one saasbackend gives a client without a valid token.
    public static JsonHttpResult<ErrorResponse> GetMe(HttpRequest request) =>
        ErrorResults.Unauthorized(request.Headers.Authorization.Count == 0
            ? "Authentication required"
            : "Invalid or expired token");
}
