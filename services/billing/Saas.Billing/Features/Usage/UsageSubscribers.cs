using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Billing.Features.Subscriptions;
using Saas.Billing.Features.Organizations;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Usage;

/// <summary>
/// Whose usage a request counts: the caller's own, or — when the route names an organization or
/// <c>X-Organization-Id</c> does — the organization's, for a member (viewers may check, not track).
/// </summary>
public sealed class UsageSubscribers(MembershipProjection members)
{
    public const string OrganizationHeader = "X-Organization-Id";

    public async Task<(SubscriberId? Subscriber, ProblemHttpResult? Error)> ResolveAsync(
        HttpContext http, string? routeOrganizationId, bool tracking, CancellationToken ct)
    {
        var organizationId = routeOrganizationId;
        if (http.Request.Headers.TryGetValue(OrganizationHeader, out var values))
        {
            var header = values.ToString().Trim();
            if (values.Count != 1 || header.Length == 0)
            {
                return (null, ErrorResults.BadRequest($"{OrganizationHeader} must name one organization", OrganizationHeader));
            }

            if (organizationId is not null && organizationId != header)
            {
                return (null, ErrorResults.BadRequest($"{OrganizationHeader} names another organization than the route", OrganizationHeader));
            }

            organizationId = header;
        }

        var userId = http.User.GetUserId()!;
        if (organizationId is null)
        {
            return (SubscriberId.ForUser(userId), null);
        }

        var role = await members.RoleOfAsync(organizationId, userId, ct);
        if (!OrganizationRoles.CanRead(role))
        {
            return (null, ErrorResults.Error(StatusCodes.Status403Forbidden, "You are not a member of this organization"));
        }

        if (tracking && !OrganizationRoles.CanTrackUsage(role))
        {
            return (null, ErrorResults.Error(StatusCodes.Status403Forbidden, "Viewers can check the organization's usage but not track it"));
        }

        return (SubscriberId.ForOrganization(organizationId), null);
    }
}
