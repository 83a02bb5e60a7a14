using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Saas.Contracts.Identity;
using Saas.Identity.Features.Organizations;
using Saas.Storage;

namespace Saas.Identity.Tests.Features.Organizations;

/// <summary>The events a change commits with it: in order, with increasing sequences, never lost, never for a refused change.</summary>
public sealed class OrganizationEventsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task MembershipLifecycle_ShouldPublishOneEventPerChangeWithIncreasingSequence()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var user = await app.AddMemberAsync(client, orgId, owner, "viewer");
        await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{orgId}/members/{user.UserId}", new { role = "admin" }, owner.Token);
        // Refused (admins cannot be changed by themselves): no event, no sequence number spent.
        await (await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{orgId}/members/{owner.UserId}", new { role = "member" }, user.Token))
            .AssertErrorAsync(HttpStatusCode.Forbidden);
        await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{orgId}/members/{user.UserId}", token: owner.Token);

        await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.OrganizationId == orgId && e.Role == null);
        var events = app.Harness.Published.Select<OrganizationMembershipChanged>().Select(m => m.Context.Message)
            .Where(e => e.OrganizationId == orgId).OrderBy(e => e.Sequence).Select(e => (e.Sequence, e.UserId, e.Role)).ToList();
        Assert.Equal([(1L, owner.UserId, "owner"), (2L, user.UserId, "viewer"), (3L, user.UserId, "admin"), (4L, user.UserId, null)], events);
        Assert.Single(app.Harness.Published.Select<OrganizationCreated>(), m => m.Context.Message.OrganizationId == orgId);
    }

    [Fact]
    public async Task Relay_WhenEventsWereCommittedButNeverMoved_ShouldPublishThem()
    {
        // As a process that died between the write and the flush leaves it.
        var now = DateTimeOffset.UtcNow;
        var organization = new Organization { Id = Guid.NewGuid().ToString("N"), Name = "Crashed", Slug = Orgs.NewSlug(), CreatedAt = now, UpdatedAt = now };
        organization.AddMember("user-1", "owner", now);
        var staging = new EventStaging(organization, now);
        staging.Add(new OrganizationCreated
        {
            EventId = Guid.NewGuid(), OccurredAt = now, OrganizationId = organization.Id, Slug = organization.Slug, Name = "Crashed", OwnerUserId = "user-1",
        });
        staging.MembershipChanged("user-1", "owner");
        organization.HasPendingEvents = true;
        await app.Store.Organizations.InsertAsync(organization);

        await ActivatorUtilities.CreateInstance<OrganizationEventRelay>(app.Services).SweepAsync(CancellationToken.None);

        Assert.NotNull(await app.WaitForPublishedAsync<OrganizationCreated>(e => e.OrganizationId == organization.Id));
        Assert.NotNull(await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.OrganizationId == organization.Id && e.Sequence == 1));
        var stored = await app.Store.Organizations.GetAsync(organization.Id);
        Assert.Equal((false, 0), (stored!.HasPendingEvents, stored.PendingEvents.Count));
    }

    [Fact]
    public async Task Relay_WhenADeletedOrganizationWasLeftBehind_ShouldPublishItsDeletionAndRemoveIt()
    {
        var owner = await client.RegisterAsync();
        var org = await client.CreateOrgAsync(owner);
        var orgId = org.Str("id");
        // Marked deleted with its event, as the delete route commits it, and then the process died.
        await app.Store.Organizations.UpdateAsync(orgId, o =>
        {
            ChangeOrganization.MarkDeleted(o, new EventStaging(o, DateTimeOffset.UtcNow));
            o.HasPendingEvents = true;
            return true;
        }, CancellationToken.None);
        await (await client.GetAsync($"{Orgs.Base}/{org.Str("slug")}", owner.Token)).AssertErrorAsync(HttpStatusCode.NotFound);

        await ActivatorUtilities.CreateInstance<OrganizationEventRelay>(app.Services).SweepAsync(CancellationToken.None);

        Assert.NotNull(await app.WaitForPublishedAsync<OrganizationDeleted>(e => e.OrganizationId == orgId));
        Assert.Null(await app.Store.Organizations.GetAsync(orgId));
    }

    [Fact]
    public async Task Change_WhenAnotherWriteLandsBetweenReadAndWrite_ShouldDecideAgainOnTheNewVersion()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var second = await app.AddMemberAsync(client, orgId, owner, "owner");
        var changes = app.Services.GetRequiredService<OrganizationChanges>();
        var runs = 0;

        // The owner leaves; while that decision is being made, the other owner is demoted by someone else.
        var outcome = await changes.ApplyAsync(orgId, (organization, events) =>
        {
            if (runs++ == 0)
            {
                app.Store.Organizations.UpdateAsync(orgId, o =>
                {
                    o.Member(second.UserId)!.Role = "member";
                    return true;
                }, CancellationToken.None).GetAwaiter().GetResult();
            }

            if (organization.Member(owner.UserId)!.Role == "owner" && organization.OwnerCount() == 1)
            {
                return OrganizationAccess.LastOwner();
            }

            organization.RemoveMember(owner.UserId, removedBy: null, DateTimeOffset.UtcNow);
            events.MembershipChanged(owner.UserId, null);
            return null;
        }, CancellationToken.None);

        Assert.Equal(2, runs);
        Assert.Equal((int)HttpStatusCode.Conflict, outcome.Refusal?.StatusCode);
        Assert.Equal("owner", await app.RoleOfAsync(orgId, owner.UserId));
    }
}
