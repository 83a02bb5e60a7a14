namespace Saas.Billing.Features.Organizations;

/// <summary>Seed 003's roles and what each may do in billing.</summary>
public static class OrganizationRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Viewer = "viewer";

    /// <summary>Reads the organization's subscription and checks its usage.</summary>
    public static bool CanRead(string? role) => role is Owner or Admin or Member or Viewer;

    /// <summary>Counts usage against the organization: everyone but a viewer.</summary>
    public static bool CanTrackUsage(string? role) => role is Owner or Admin or Member;

    /// <summary>Subscribes the organization (seed 003: <c>rbac: ["owner"]</c>).</summary>
    public static bool CanSubscribe(string? role) => role is Owner;

    /// <summary>Opens the billing portal (payment method, invoices, cancelling): whoever may subscribe.</summary>
    public static bool CanManageBilling(string? role) => CanSubscribe(role);

    /// <summary>Asks for Stripe's live state to be applied: harmless, but a Stripe call, so not every member.</summary>
    public static bool CanReconcile(string? role) => role is Owner or Admin;

    /// <summary>Identity's spelling, lower case; null stays null (no longer a member).</summary>
    public static string? Normalize(string? role) => role?.Trim().ToLowerInvariant();
}
