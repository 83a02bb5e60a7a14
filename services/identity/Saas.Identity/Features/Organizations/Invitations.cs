using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Mail;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Organizations;

/// <summary>Inviting by mail, listing and revoking invitations (owners and admins).</summary>
public static class Invitations
{
    public static async Task<Results<Created<InviteResponse>, ProblemHttpResult>> CreateAsync(
        string orgId,
        HttpRequest request,
        ClaimsPrincipal principal,
        IdentityStore store,
        OrganizationChanges changes,
        AccountMails mails,
        IOptions<AccountOptions> options,
        CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId()!;
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var rawEmail = body.String("email", maxLength: Emails.MaxLength + 16);
        var email = rawEmail is null ? null : Emails.Normalize(rawEmail);
        if (email is not null && !Emails.IsValid(email))
        {
            body.Fail<string>("Invalid email address", "email");
        }

        var role = body.String("role", required: false, maxLength: 32) ?? OrganizationRoles.Member;
        if (!OrganizationRoles.Invitable.Contains(role))
        {
            body.Fail<string>($"role must be one of {string.Join(", ", OrganizationRoles.Invitable)}", "role");
        }

        if (body.Error is { } error)
        {
            return await ChangeOrganization.IsMemberAsync(store, orgId, callerId, cancellationToken) ? error : OrganizationChanges.NotFound();
        }

        var invitee = (await store.Users.FindAsync(u => u.Email == email, cancellationToken: cancellationToken)).FirstOrDefault();
        var now = changes.Now;
        var invite = new OrganizationInvite
        {
            Id = Guid.NewGuid().ToString("N"), Email = email!, Role = role, InvitedBy = callerId, CreatedAt = now,
            ExpiresAt = now + options.Value.InvitationLifetime,
        };
        var outcome = await changes.ApplyAsync(orgId, (organization, _) =>
        {
            if (organization.Require(callerId, OrganizationRoles.Managers, out var caller) is { } refused)
            {
                return refused;
            }

            if (!OrganizationRoles.CanGrant(caller.Role, role))
            {
                return OrganizationAccess.Forbidden($"Only owners can grant the {role} role");
            }

            if (invitee is not null && organization.Member(invitee.Id) is not null)
            {
                return OrganizationAccess.Conflict($"{email} is already a member of this organization", "email");
            }

            // One live invitation per address: a new one (a lost mail, another role) replaces the earlier ones.
            foreach (var earlier in organization.Invites.Where(i => i.Email == email && i.IsPending(now)))
            {
                earlier.RevokedAt = now;
            }

            organization.Invites.Add(invite);
            return null;
        }, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            return refusal;
        }

        var organization = outcome.Organization!;
        var inviter = await store.Users.GetAsync(callerId, cancellationToken);
        // The link's token is made when the mail is sent (the outbox keeps no working token), for this invitation only.
        await mails.QueueInvitationAsync(email!, orgId, invite.Id, inviter?.Name ?? inviter?.Email ?? "A member", cancellationToken);
        return TypedResults.Created($"/api/v1/organizations/{orgId}/invites/{invite.Id}", OrganizationResponses.Invite(organization, invite, now));
    }

    public static async Task<Results<Ok<InviteListResponse>, ProblemHttpResult>> ListPendingAsync(
        string orgId, ClaimsPrincipal principal, IdentityStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var organization = await store.Organizations.GetAsync(orgId, cancellationToken);
        if (organization is null || organization.Deleted)
        {
            return OrganizationChanges.NotFound();
        }

        if (organization.Require(principal.GetUserId()!, OrganizationRoles.Managers, out _) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        return TypedResults.Ok(new InviteListResponse([.. organization.Invites
            .Where(i => i.IsPending(now))
            .OrderBy(i => i.CreatedAt)
            .Select(i => OrganizationResponses.Invite(organization, i, now))]));
    }

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RevokeAsync(
        string orgId, string inviteId, ClaimsPrincipal principal, OrganizationChanges changes, CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId()!;
        var outcome = await changes.ApplyAsync(orgId, (organization, events) =>
        {
            if (organization.Require(callerId, OrganizationRoles.Managers, out _) is { } refused)
            {
                return refused;
            }

            var invite = organization.Invites.FirstOrDefault(i => i.Id == inviteId);
            if (invite is null)
            {
                return ErrorResults.Error(StatusCodes.Status404NotFound, "Invitation not found", "inviteId");
            }

            if (invite.AcceptedAt is not null)
            {
                return OrganizationAccess.Conflict("The invitation was already accepted: remove the member instead", "inviteId");
            }

            invite.RevokedAt ??= events.Now;
            return null;
        }, cancellationToken);
        return outcome.Refusal is { } refusal ? refusal : TypedResults.Ok(new MessageResponse("Invitation revoked"));
    }
}
