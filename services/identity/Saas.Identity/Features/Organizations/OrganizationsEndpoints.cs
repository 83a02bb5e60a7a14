namespace Saas.Identity.Features.Organizations;

/// <summary>Seed 003's organizations, members and invitations under <c>/api/v1</c> (the README has the roles matrix).</summary>
public static class OrganizationsEndpoints
{
    private const string RoutePrefix = "/api/v1/organizations";

    public static IEndpointRouteBuilder MapOrganizationsEndpoints(this IEndpointRouteBuilder routes)
    {
        // Beyond what ServiceDefaults infers: a member's role decides (403), a change can fight the state (409).
        var organizations = routes.MapGroup(RoutePrefix).WithTags("Organizations").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        organizations.MapPost("", CreateOrganization.HandleAsync).WithSummary("Creates an organization; the caller becomes its owner (201).");
        organizations.MapGet("", ReadOrganizations.ListMineAsync).WithSummary("The caller's organizations, with the caller's role.");
        organizations.MapGet("/{slug}", ReadOrganizations.GetBySlugAsync).WithSummary("One organization with its members (members only).");
        organizations.MapPatch("/{orgId}", ChangeOrganization.RenameAsync).WithSummary("Renames the organization (owner, admin).");
        organizations.MapDelete("/{orgId}", ChangeOrganization.DeleteAsync).WithSummary("Deletes the organization (owner).");

        organizations.MapGet("/{orgId}/members", Members.ListAsync).WithSummary("The members (any member).");
        organizations.MapPatch("/{orgId}/members/{userId}", Members.ChangeRoleAsync).WithSummary("Changes a member's role.");
        organizations.MapDelete("/{orgId}/members/{userId}", Members.RemoveAsync).WithSummary("Removes a member (yourself: leave).");
        organizations.MapPost("/{orgId}/leave", Members.LeaveAsync).WithSummary("The caller leaves the organization.");
        organizations.MapPost("/{orgId}/transfer-ownership", Members.TransferOwnershipAsync)
            .WithSummary("Makes another member owner; the caller becomes admin (owner).");

        organizations.MapPost("/{orgId}/invites", Invitations.CreateAsync).WithSummary("Invites an address by mail (owner, admin; 201).");
        organizations.MapGet("/{orgId}/invites", Invitations.ListPendingAsync).WithSummary("Pending invitations (owner, admin).");
        organizations.MapDelete("/{orgId}/invites/{inviteId}", Invitations.RevokeAsync).WithSummary("Revokes a pending invitation (owner, admin).");

        var invites = routes.MapGroup("/api/v1/invites").WithTags("Organizations").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        invites.MapPost("/accept", AcceptInvitation.HandleBodyAsync).WithSummary("Joins the organization with the invitation's role (`{ token }`; verified address).");
        invites.MapPost("/{token}/accept", AcceptInvitation.HandleAsync)
            .WithSummary("Seed 003's form of `POST /api/v1/invites/accept`: kept for existing clients; it puts the token in URLs.");
        return routes;
    }
}
