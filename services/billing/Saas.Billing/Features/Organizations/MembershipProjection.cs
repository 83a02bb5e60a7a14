using Saas.Billing.Storage;
using Saas.Storage;

namespace Saas.Billing.Features.Organizations;

/// <summary>
/// Billing's copy of identity's organizations and memberships, fed by identity's events and read by every
/// organization route. Each membership keeps the change with the highest sequence, so redeliveries and out-of-order
/// deliveries never move it backwards; a deleted organization is a tombstone whose members are forgotten.
/// </summary>
public sealed class MembershipProjection(BillingStore store)
{
    /// <summary>
    /// Applies one membership change (<paramref name="role"/> null: left or removed) unless one with the same or a higher
    /// <paramref name="sequence"/> was applied already or the organization is deleted; true when it changed anything.
    /// </summary>
    public async Task<bool> ApplyAsync(
        string organizationId, string userId, string? role, long sequence, DateTimeOffset at, CancellationToken ct)
    {
        if (await IsDeletedAsync(organizationId, ct))
        {
            return false;
        }

        // Another delivery may write first: the sequences are compared again against what it wrote. A member written
        // while the organization is being deleted grants nothing: RoleOfAsync checks the tombstone.
        var (_, written) = await store.OrganizationMembers.UpsertAsync(
            OrganizationMember.IdOf(organizationId, userId),
            () => new OrganizationMember { OrganizationId = organizationId, UserId = userId },
            member =>
            {
                if (member.Version > 0 && member.Sequence >= sequence)
                {
                    return false;
                }

                member.Role = OrganizationRoles.Normalize(role);
                member.Sequence = sequence;
                member.UpdatedAt = at;
                return true;
            },
            ct);
        return written;
    }

    /// <summary>Remembers the organization's name and owner; a tombstone stays a tombstone.</summary>
    public Task RecordCreatedAsync(string organizationId, string name, string slug, string ownerUserId, DateTimeOffset at, CancellationToken ct) =>
        UpdateOrganizationAsync(organizationId, o =>
        {
            if (o.Name is not null)
            {
                return false;
            }

            (o.Name, o.Slug, o.OwnerUserId, o.UpdatedAt) = (name, slug, ownerUserId, at);
            return true;
        }, ct);

    /// <summary>Marks the organization deleted (first, so nothing re-adds a member), then forgets its members.</summary>
    public async Task ForgetAsync(string organizationId, string slug, DateTimeOffset at, CancellationToken ct)
    {
        await UpdateOrganizationAsync(organizationId, o =>
        {
            if (o.DeletedAt is not null)
            {
                return false;
            }

            (o.DeletedAt, o.Slug, o.UpdatedAt) = (at, o.Slug ?? slug, at);
            return true;
        }, ct);

        await store.OrganizationMembers.DeleteManyAsync(m => m.OrganizationId == organizationId, ct);
    }

    /// <summary>The organization, unless billing never heard of it or it was deleted.</summary>
    public async Task<OrganizationRecord?> FindOrganizationAsync(string organizationId, CancellationToken ct) =>
        await store.Organizations.GetAsync(organizationId, ct) is { DeletedAt: null } organization ? organization : null;

    /// <summary>The user's current role in the organization; null when not a member (or the organization is deleted).</summary>
    public async Task<string?> RoleOfAsync(string organizationId, string userId, CancellationToken ct)
    {
        var member = await store.OrganizationMembers.GetAsync(OrganizationMember.IdOf(organizationId, userId), ct);
        // The tombstone is checked too: a membership written while the organization was being deleted grants nothing.
        return member?.Role is { } role && !await IsDeletedAsync(organizationId, ct) ? role : null;
    }

    private async Task<bool> IsDeletedAsync(string organizationId, CancellationToken ct) =>
        await store.Organizations.GetAsync(organizationId, ct) is { DeletedAt: not null };

    private Task UpdateOrganizationAsync(string organizationId, Func<OrganizationRecord, bool> mutate, CancellationToken ct) =>
        store.Organizations.UpsertAsync(organizationId, () => new OrganizationRecord(), mutate, ct);
}
