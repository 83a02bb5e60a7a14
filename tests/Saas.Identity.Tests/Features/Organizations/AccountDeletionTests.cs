using System.Net;
using Saas.Contracts.Identity;

namespace Saas.Identity.Tests.Features.Organizations;

/// <summary>Deleting an account: refused while the user is the last owner of a team, otherwise memberships end first.</summary>
public sealed class AccountDeletionTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task DeleteAccount_WhenLastOwnerOfAnOrganizationWithOtherMembers_ShouldAnswer409AndChangeNothing()
    {
        var team = await Team.CreateAsync(app, client);
        var alone = await client.CreateOrgAsync(team.Owner, name: "Solo");
        var sequence = (await app.Store.Organizations.GetAsync(team.OrgId))!.MembershipSequence;

        var response = await client.SendAsync(HttpMethod.Delete, "/api/user/account", new { password = team.Owner.Password }, team.Owner.Token);

        var error = await response.AssertErrorAsync(HttpStatusCode.Conflict);
        Assert.Contains(team.Slug, error.Str("error"));
        Assert.NotNull(await app.Store.Users.GetAsync(team.Owner.UserId));
        Assert.Equal("owner", await app.RoleOfAsync(team.OrgId, team.Owner.UserId));
        Assert.Equal(sequence, (await app.Store.Organizations.GetAsync(team.OrgId))!.MembershipSequence);
        Assert.NotNull(await app.Store.Organizations.GetAsync(alone.Str("id")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", team.Owner.Token)).StatusCode);
    }

    [Fact]
    public async Task DeleteAccount_ShouldDeleteOrganizationsWhereTheUserWasAloneAndLeaveTheOthers()
    {
        var team = await Team.CreateAsync(app, client);
        var coOwner = await app.AddMemberAsync(client, team.OrgId, team.Owner, "owner");
        var alone = (await client.CreateOrgAsync(team.Member, name: "Solo")).Str("id");

        var asMember = await client.SendAsync(HttpMethod.Delete, "/api/user/account", new { password = team.Member.Password }, team.Member.Token);
        var asOwner = await client.SendAsync(HttpMethod.Delete, "/api/user/account", new { password = team.Owner.Password }, team.Owner.Token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (asMember.StatusCode, asOwner.StatusCode));
        Assert.NotNull(await app.WaitForPublishedAsync<OrganizationDeleted>(e => e.OrganizationId == alone));
        Assert.Null(await app.Store.Organizations.GetAsync(alone));
        var left = await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.OrganizationId == team.OrgId && e.UserId == team.Member.UserId && e.Role == null);
        var ownerLeft = await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.OrganizationId == team.OrgId && e.UserId == team.Owner.UserId && e.Role == null);
        Assert.True(ownerLeft!.Sequence > left!.Sequence);
        var remaining = (await app.Store.Organizations.GetAsync(team.OrgId))!.Members.Select(m => m.UserId).Order().ToList();
        Assert.Equal(new[] { team.Admin.UserId, team.Viewer.UserId, team.Target.UserId, coOwner.UserId }.Order(), remaining);
        Assert.NotNull(await app.WaitForPublishedAsync<UserDeleted>(e => e.UserId == team.Owner.UserId));
    }
}
