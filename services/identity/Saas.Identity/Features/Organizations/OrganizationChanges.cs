using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Contracts;
using Saas.Contracts.Identity;
using Saas.ServiceDefaults.Errors;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;
using Saas.Identity.Storage;

namespace Saas.Identity.Features.Organizations;

/// <summary>The outcome of a change: the organization as written, or why nothing was written.</summary>
public sealed record ChangeOutcome(Organization? Organization, ProblemHttpResult? Refusal);

/// <summary>
/// Every write to an organization goes through here: read, decide, stage the events, compare-and-swap, and on a
/// conflict start over from the new version, so rules such as "one owner remains" hold under concurrent requests.
/// The staged events commit inside the organization document and the shared relay (<see cref="PendingEventsRelay{T}"/>)
/// publishes them right after the write; if the process dies first, its sweep publishes them. Nothing is published for
/// a change that was not written.
/// </summary>
public sealed class OrganizationChanges(IdentityStore store, PendingEventsRelay<Organization> relay, TimeProvider time)
{
    private const int Attempts = 25;

    public static ProblemHttpResult NotFound() =>
        ErrorResults.Error(StatusCodes.Status404NotFound, "Organization not found");

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Applies <paramref name="change"/> to the latest version of the organization. The change edits the document and
    /// stages events on the <see cref="EventStaging"/> it is given, or returns a refusal (nothing is written). It may
    /// run several times, each time on a freshly read document.
    /// </summary>
    public async Task<ChangeOutcome> ApplyAsync(
        string organizationId,
        Func<Organization, EventStaging, ProblemHttpResult?> change,
        CancellationToken cancellationToken,
        Func<ProblemHttpResult>? notFound = null)
    {
        ProblemHttpResult? refusal = null;
        EventStaging? staging = null;
        Organization? organization;
        try
        {
            organization = await store.Organizations.UpdateAsync(organizationId, o =>
            {
                // Runs again on what another writer stored when it wrote first.
                var now = time.GetUtcNow();
                staging = new EventStaging(o, now);
                refusal = o.Deleted ? (notFound ?? NotFound)() : change(o, staging);
                if (refusal is not null)
                {
                    return false;
                }

                o.UpdatedAt = now;
                o.Invites.RemoveAll(i => !i.IsPending(now) && (i.AcceptedAt ?? i.RevokedAt ?? i.ExpiresAt) + OrganizationInvite.KeptFor < now);
                return true;
            }, cancellationToken, Attempts);
        }
        catch (ConcurrencyConflictException)
        {
            return new ChangeOutcome(null, ErrorResults.Error(StatusCodes.Status409Conflict,
                "The organization is being changed by other requests; try again"));
        }

        if (organization is null || refusal is not null)
        {
            return new ChangeOutcome(organization is { Deleted: false } ? organization : null, refusal ?? (notFound ?? NotFound)());
        }

        await PublishAsync(organization, staging!, cancellationToken);
        return new ChangeOutcome(organization, null);
    }

    /// <summary>
    /// Publishes the events <paramref name="staging"/> committed with <paramref name="organization"/>. The change is
    /// already written, so a failure here is no failure of the request: the relay logs it and its sweep retries.
    /// </summary>
    public Task PublishAsync(Organization organization, EventStaging staging, CancellationToken cancellationToken) =>
        relay.RelayAsync(organization, staging.Staged, cancellationToken);

    /// <summary>
    /// Removes a deleted organization, with its invitation tokens, once its last events are out (the relay calls this
    /// after publishing, and its sweep for one a crash left behind).
    /// </summary>
    public async Task RemoveIfDeletedAsync(Organization organization, CancellationToken cancellationToken)
    {
        if (organization is { Deleted: true, HasPendingEvents: false })
        {
            await store.InviteTokens.DeleteManyAsync(t => t.OrganizationId == organization.Id, cancellationToken);
            await store.Organizations.DeleteAsync(organization.Id, cancellationToken);
        }
    }
}

/// <summary>Stages events inside the organization document being written (see <see cref="OrganizationChanges"/>).</summary>
public sealed class EventStaging(Organization organization, DateTimeOffset now)
{
    private readonly List<string> staged = [];

    public DateTimeOffset Now => now;

    /// <summary>The ids of the events staged here: the writer's own, which it publishes at once.</summary>
    public IReadOnlyCollection<string> Staged => staged;

    public void Add<T>(T message) where T : class, IIntegrationEvent => staged.Add(organization.Stage(message, now));

    /// <summary>Stages an <see cref="OrganizationMembershipChanged"/> with the organization's next sequence number.</summary>
    public void MembershipChanged(string userId, string? role) => Add(new OrganizationMembershipChanged
    {
        EventId = Guid.NewGuid(),
        OccurredAt = now,
        OrganizationId = organization.Id,
        UserId = userId,
        Role = role,
        Sequence = ++organization.MembershipSequence,
    });
}
