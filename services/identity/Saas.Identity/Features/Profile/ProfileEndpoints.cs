namespace Saas.Identity.Features.Profile;

public static class ProfileEndpoints
{
    private const string RoutePrefix = "/api/user";

    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(RoutePrefix).WithTags("User").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/profile", UpdateProfile.HandleAsync).WithSummary("Changes the name and/or e-mail address.");
        group.MapPut("/password", ChangePassword.HandleAsync).WithSummary("Changes the password; the caller's session gets fresh tokens, every other session ends.");
        group.MapGet("/settings", Settings.GetAsync).WithSummary("The user's settings object.");
        group.MapPut("/settings", Settings.UpdateAsync).WithSummary("Merges the body into the user's settings.");
        return routes;
    }
}
