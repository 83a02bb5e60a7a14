using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Tokens;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Organizations;

/// <summary>
/// <c>POST /api/v1/invites/accept</c> with <c>{ "token": "…" }</c> (or seed 003's <c>POST /api/v1/invites/{token}/accept</c>,
/// kept for existing clients although it puts the token in URLs, so in access logs and traces): the signed-in user
/// joins with the invitation's role, if their address is the invited one and verified. Marking the invitation used
/// and adding the member are one write, so a token works once even under concurrent accepts.
/// </summary>
public static class AcceptInvitation
{
    public static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> HandleBodyAsync(
        HttpRequest request, ClaimsPrincipal principal, IdentityStore store, OrganizationChanges changes,
        IOptions<AccountOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var token = body.String("token", maxLength: 256);
        return body.Error is { } error ? error : await HandleAsync(token!, principal, store, changes, options, cancellationToken);
    }

    public static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> HandleAsync(
        string token, ClaimsPrincipal principal, IdentityStore store, OrganizationChanges changes, IOptions<AccountOptions> options,
        CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId()!;
        var record = token.Length <= 256 ? await store.InviteTokens.GetAsync(OneTimeTokens.Hash(token), cancellationToken) : null;
        if (record is null)
        {
            return NotFound();
        }

        if (await store.Users.GetAsync(userId, cancellationToken) is not { } user)
        {
            return Me.UserNotFound();
        }

        // The invited address must be proven: otherwise whoever learns a token signs up with that address and joins.
        if (options.Value.InvitationsRequireVerifiedEmail && !user.EmailVerified)
        {
            return OrganizationAccess.Forbidden("Verify your e-mail address before accepting an invitation");
        }

        var outcome = await changes.ApplyAsync(record.OrganizationId, (organization, events) =>
        {
            var invite = organization.Invites.FirstOrDefault(i => i.Id == record.InviteId);
            if (invite is null)
            {
                return NotFound();
            }

            if (invite.AcceptedAt is not null)
            {
                return Gone("This invitation has already been used");
            }

            if (invite.RevokedAt is not null)
            {
                return Gone("This invitation was revoked");
            }

            if (invite.ExpiresAt <= events.Now)
            {
                return Gone("This invitation has expired: ask for a new one");
            }

            if (!string.Equals(invite.Email, user.Email, StringComparison.OrdinalIgnoreCase))
            {
                return OrganizationAccess.Forbidden("This invitation was sent to another e-mail address: sign in with that address to accept it");
            }

            if (organization.Member(userId) is not null)
            {
                return OrganizationAccess.Conflict("You are already a member of this organization");
            }

            invite.AcceptedAt = events.Now;
            invite.AcceptedBy = userId;
            organization.AddMember(userId, invite.Role, events.Now);
            events.MembershipChanged(userId, invite.Role);
            return null;
        }, cancellationToken, () => Gone("The organization that sent this invitation no longer exists"));
        return outcome.Refusal is { } refusal
            ? refusal
            : TypedResults.Ok(await OrganizationResponses.DetailAsync(store, outcome.Organization!, userId, cancellationToken));
    }

    private static ProblemHttpResult NotFound() =>
        ErrorResults.Error(StatusCodes.Status404NotFound, "Invitation not found", "token");

    private static ProblemHttpResult Gone(string message) =>
        ErrorResults.Error(StatusCodes.Status410Gone, message, "token");
}
