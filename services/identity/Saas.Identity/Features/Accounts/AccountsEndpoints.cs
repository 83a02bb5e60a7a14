using Saas.ServiceDefaults.Authentication.ApiKeys;

namespace Saas.Identity.Features.Accounts;

public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/register", Register.HandleAsync).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Creates an account and signs it in (201).");
        auth.MapPost("/login", Login.HandleAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests).WithSummary("Signs in with e-mail and password.");
        auth.MapGet("/me", Me.HandleAsync).RequireAuthorization().AllowApiKey(ApiKeyScopes.ProfileRead).WithSummary("The signed-in user.");
        auth.MapPost("/verify-email", VerifyEmail.HandleAsync).WithSummary("Confirms the e-mail address with the mailed token.");

        var user = routes.MapGroup("/api/user").WithTags("User");
        user.MapDelete("/account", DeleteAccount.HandleAsync).RequireAuthorization()
            .WithSummary("Deletes the signed-in user's account and data (password required).");
        return routes;
    }
}
