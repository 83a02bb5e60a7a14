using System.Security.Claims;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// Who pays and whose usage is counted: the signed-in user, or an organization (seed 003) the user acts for through
/// its routes or <c>X-Organization-Id</c>. Every document is keyed by <see cref="Key"/>, never by a bare id, so a user
/// and an organization with the same id never share a subscription or a counter.
/// </summary>
public readonly record struct SubscriberId(string Kind, string Id)
{
    public const string UserKind = "user";
    public const string OrganizationKind = "organization";

    /// <summary>The document key: <c>user:&lt;id&gt;</c> or <c>organization:&lt;id&gt;</c>.</summary>
    public string Key => $"{Kind}:{Id}";

    public bool IsUser => Kind == UserKind;

    public static SubscriberId ForUser(string userId) => new(UserKind, userId);

    public static SubscriberId ForOrganization(string organizationId) => new(OrganizationKind, organizationId);

    /// <summary>The subscriber of an authenticated request (its <c>sub</c> claim).</summary>
    public static SubscriberId From(ClaimsPrincipal user) =>
        ForUser(user.GetUserId() ?? throw new InvalidOperationException("An authenticated principal without a 'sub' claim."));

    public override string ToString() => Key;
}
