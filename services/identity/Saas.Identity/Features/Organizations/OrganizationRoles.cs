namespace Saas.Identity.Features.Organizations;

/// <summary>
/// The roles and who may do what (the README has the matrix). Owners do everything; admins manage the
/// organization's name, invitations and the members below them (members and viewers), and may grant up to admin;
/// members and viewers only read. Only owners grant or take away <c>owner</c>, and an organization always keeps one.
/// </summary>
public static class OrganizationRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Viewer = "viewer";

    public static readonly string[] All = [Owner, Admin, Member, Viewer];

    /// <summary>What an invitation may grant: ownership is transferred or granted by an owner, never mailed.</summary>
    public static readonly string[] Invitable = [Admin, Member, Viewer];

    public static readonly string[] Managers = [Owner, Admin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role);

    /// <summary>Whether <paramref name="actor"/> may change or remove a member whose role is <paramref name="target"/>.</summary>
    public static bool CanManage(string actor, string target) => actor switch
    {
        Owner => true,
        Admin => target is Member or Viewer,
        _ => false,
    };

    /// <summary>Whether <paramref name="actor"/> may give someone <paramref name="role"/>.</summary>
    public static bool CanGrant(string actor, string role) => actor switch
    {
        Owner => true,
        Admin => role is not Owner,
        _ => false,
    };
}
