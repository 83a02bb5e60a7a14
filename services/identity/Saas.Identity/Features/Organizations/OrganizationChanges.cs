using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Contracts;
using Saas.Contracts.Identity;
using Saas.Identity.Common;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;
using Saas.Identity.Storage;

namespace Saas.Identity.Features.Organizations;

/// <summary>The outcome of a change: the organization as written, or why nothing was written.</summary>
public sealed record ChangeOutcome(Organization? Organization, ProblemHttpResult? Refusal);

/// <summary>
/// Every write to an organization goes through here: read, decide, stage the events, compare-and-swap, and on a
/// conflict start over from the new version, so rules such as "one owner remains" hold under concurrent requests.
/// After the write the staged events move to the outbox (<see cref="FlushAsync"/>); if the process dies first,
/// <see cref="OrganizationEventRelay"/> moves them later. Nothing is published for a change that was not written.
/// </summary>
public sealed class OrganizationChanges(IdentityStore store, EventOutbox outbox, TimeProvider time, ILogger<OrganizationChanges> logger)
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
        Organization? organization;
        try
        {
            organization = await store.Organizations.UpdateAsync(organizationId, o =>
            {
                // Runs again on what another writer stored when it wrote first.
                var now = time.GetUtcNow();
                refusal = o.Deleted ? (notFound ?? NotFound)() : change(o, new EventStaging(o, now));
                if (refusal is not null)
                {
                    return false;
                }

                o.UpdatedAt = now;
                o.Invites.RemoveAll(i => !i.IsPending(now) && (i.AcceptedAt ?? i.RevokedAt ?? i.ExpiresAt) + OrganizationInvite.KeptFor < now);
                o.HasPendingEvents = o.PendingEvents.Count > 0;
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

        await FlushAsync(organization.Id, cancellationToken);
        return new ChangeOutcome(organization, null);
    }

    /// <summary>
    /// Moves the organization's committed events into the outbox, then drops them from the document; a deleted
    /// organization whose events are all out is then removed with its invitation tokens. Safe to run twice
    /// (the outbox ignores an event it holds). The change itself is already written, so a failure here is no failure of
    /// the request: it is logged and left to the relay's next sweep.
    /// </summary>
    public async Task FlushAsync(string organizationId, CancellationToken cancellationToken)
    {
        try
        {
            var organization = await store.Organizations.GetAsync(organizationId, cancellationToken);
            if (organization is null)
            {
                return;
            }

            var moved = new HashSet<string>();
            // Events committed in one write share a time: a tick apart keeps the outbox's order (creation first).
            foreach (var (pending, index) in organization.PendingEvents.Select((e, i) => (e, i)))
            {
                await outbox.EnqueueSerializedAsync(pending.EventId, pending.Type, pending.Payload,
                    pending.CreatedAt + TimeSpan.FromMilliseconds(index), cancellationToken);
                moved.Add(pending.EventId);
            }

            if (moved.Count > 0)
            {
                organization = await store.Organizations.UpdateAsync(organizationId, o =>
                {
                    var removed = o.PendingEvents.RemoveAll(e => moved.Contains(e.EventId));
                    o.HasPendingEvents = o.PendingEvents.Count > 0;
                    return removed > 0;
                }, cancellationToken);
            }

            if (organization is { Deleted: true, HasPendingEvents: false })
            {
                await store.InviteTokens.DeleteManyAsync(t => t.OrganizationId == organizationId, cancellationToken);
                await store.Organizations.DeleteAsync(organizationId, cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Moving the events of organization {OrganizationId} to the outbox failed; the relay retries", organizationId);
        }
    }
}

/// <summary>Stages events inside the organization document being written (see <see cref="OrganizationChanges"/>).</summary>
public sealed class EventStaging(Organization organization, DateTimeOffset now)
{
    public DateTimeOffset Now => now;

    public void Add<T>(T message) where T : class, IIntegrationEvent
    {
        var (type, payload) = EventOutbox.Serialize(message);
        organization.PendingEvents.Add(new PendingEvent { EventId = message.EventId.ToString("N"), Type = type, Payload = payload, CreatedAt = now });
    }

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
