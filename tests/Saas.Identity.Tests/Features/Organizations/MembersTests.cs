using System.Net;
using Saas.Contracts.Identity;

namespace Saas.Identity.Tests.Features.Organizations;

public sealed class MembersTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task ChangeRole_WhenTheLastOwnerIsDemoted_ShouldAnswer409AndChangeNothing()
    {
        var team = await Team.CreateAsync(app, client);
        var sequence = (await app.Store.Organizations.GetAsync(team.OrgId))!.MembershipSequence;

        var response = await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{team.Owner.UserId}", new { role = "admin" }, team.Owner.Token);

        await response.AssertErrorAsync(HttpStatusCode.Conflict);
        var stored = await app.Store.Organizations.GetAsync(team.OrgId);
        Assert.Equal("owner", await app.RoleOfAsync(team.OrgId, team.Owner.UserId));
        Assert.Equal(sequence, stored!.MembershipSequence);
        Assert.Empty(stored.PendingEvents);
    }

    [Fact]
    public async Task RemoveSelf_WhenTheLastOwner_ShouldAnswer409()
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{team.OrgId}/members/{team.Owner.UserId}", token: team.Owner.Token);

        await response.AssertErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal("owner", await app.RoleOfAsync(team.OrgId, team.Owner.UserId));
    }

    [Theory]
    [InlineData("owner", "member")]
    [InlineData("admin", "member")]
    [InlineData("member", "owner")]
    public async Task Admin_WhenActingOnOwnersOrAdminsOrGrantingOwner_ShouldAnswer403AndChangeNothing(string targetRole, string newRole)
    {
        var team = await Team.CreateAsync(app, client);
        var target = targetRole switch { "owner" => team.Owner, "admin" => await app.AddMemberAsync(client, team.OrgId, team.Owner, "admin"), _ => team.Target };

        var change = await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{target.UserId}", new { role = newRole }, team.Admin.Token);
        var remove = targetRole == "member" ? null : await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{team.OrgId}/members/{target.UserId}", token: team.Admin.Token);

        await change.AssertErrorAsync(HttpStatusCode.Forbidden);
        if (remove is not null)
        {
            await remove.AssertErrorAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(targetRole, await app.RoleOfAsync(team.OrgId, target.UserId));
    }

    [Fact]
    public async Task Admin_ShouldPromoteAMemberToAdmin()
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{team.Target.UserId}", new { role = "admin" }, team.Admin.Token);

        var member = await response.JsonAsync();
        Assert.Equal((team.Target.UserId, team.Target.Email, "admin"), (member.Str("userId"), member.Str("email"), member.Str("role")));
    }

    [Theory]
    [InlineData("{\"role\":\"boss\"}")]
    [InlineData("{\"role\":\"Owner\"}")]
    [InlineData("{}")]
    public async Task ChangeRole_WhenRoleIsInvalid_ShouldAnswer400(string body)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendRawAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{team.Target.UserId}", body, team.Owner.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "role");
        Assert.Equal("member", await app.RoleOfAsync(team.OrgId, team.Target.UserId));
    }

    [Fact]
    public async Task ChangeRole_WhenTheUserIsNoMember_ShouldAnswer404()
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{team.Outsider.UserId}", new { role = "admin" }, team.Owner.Token);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "userId");
        Assert.Null(await app.RoleOfAsync(team.OrgId, team.Outsider.UserId));
    }

    [Fact]
    public async Task Owner_WhenAnotherOwnerExists_ShouldBeAbleToLeave()
    {
        var team = await Team.CreateAsync(app, client);
        var second = await app.AddMemberAsync(client, team.OrgId, team.Owner, "owner");

        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/leave", token: team.Owner.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await app.RoleOfAsync(team.OrgId, team.Owner.UserId));
        Assert.Equal("owner", await app.RoleOfAsync(team.OrgId, second.UserId));
        await (await client.GetAsync($"{Orgs.Base}/{team.Slug}", team.Owner.Token)).AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TwoOwners_WhenBothLeaveAtOnce_ShouldLetExactlyOneGoAndKeepAnOwner()
    {
        for (var round = 0; round < 3; round++)
        {
            var team = await Team.CreateAsync(app, client);
            var second = await app.AddMemberAsync(client, team.OrgId, team.Owner, "owner");

            var answers = await Task.WhenAll(
                client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/leave", token: team.Owner.Token),
                client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/leave", token: second.Token));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var stored = await app.Store.Organizations.GetAsync(team.OrgId);
            Assert.Single(stored!.Members, m => m.Role == "owner");
        }
    }

    [Fact]
    public async Task TwoOwners_WhenEachDemotesTheOtherAtOnce_ShouldKeepOneOwner()
    {
        for (var round = 0; round < 3; round++)
        {
            var team = await Team.CreateAsync(app, client);
            var second = await app.AddMemberAsync(client, team.OrgId, team.Owner, "owner");

            var answers = await Task.WhenAll(
                client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{second.UserId}", new { role = "member" }, team.Owner.Token),
                client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{team.Owner.UserId}", new { role = "member" }, second.Token));

            // Whichever lands first demotes the other caller, who is then no owner any more: 403, decided on the new version.
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden], answers.Select(a => a.StatusCode).Order());
            Assert.Single((await app.Store.Organizations.GetAsync(team.OrgId))!.Members, m => m.Role == "owner");
        }
    }

    [Fact]
    public async Task ConcurrentChanges_ShouldAllLandWithDistinctIncreasingSequences()
    {
        var team = await Team.CreateAsync(app, client);
        var others = new[] { team.Admin, team.Member, team.Viewer, team.Target };

        var answers = await Task.WhenAll(others.Select(o =>
            client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{o.UserId}", new { role = "admin" }, team.Owner.Token)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(others[1..], o => Assert.Equal("admin", app.RoleOfAsync(team.OrgId, o.UserId).Result));
        var events = new List<OrganizationMembershipChanged>();
        foreach (var other in others[1..])
        {
            events.Add((await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.UserId == other.UserId && e.Role == "admin"))!);
        }

        Assert.Equal(3, events.Select(e => e.Sequence).Distinct().Count());
        Assert.All(events, e => Assert.True(e.Sequence > 5, $"sequence {e.Sequence} is not above the joins' 1-5"));
    }

    [Fact]
    public async Task TransferOwnership_ShouldMakeTheTargetOwnerAndTheCallerAdminWithAnEventEach()
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/transfer-ownership", new { userId = team.Viewer.UserId }, team.Owner.Token);

        var members = (await response.JsonAsync()).GetProperty("members").EnumerateArray().ToDictionary(m => m.Str("userId"), m => m.Str("role"));
        Assert.Equal(("owner", "admin"), (members[team.Viewer.UserId], members[team.Owner.UserId]));
        var promoted = await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.UserId == team.Viewer.UserId && e.Role == "owner");
        var demoted = await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.UserId == team.Owner.UserId && e.Role == "admin");
        Assert.Equal(promoted!.Sequence + 1, demoted!.Sequence);
    }

    [Theory]
    [InlineData("self")]
    [InlineData("outsider")]
    [InlineData("missing")]
    public async Task TransferOwnership_WhenTheTargetIsNotAnotherMember_ShouldBeRefusedAndChangeNothing(string target)
    {
        var team = await Team.CreateAsync(app, client);
        object body = target switch { "self" => new { userId = team.Owner.UserId }, "outsider" => new { userId = team.Outsider.UserId }, _ => new { } };

        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/transfer-ownership", body, team.Owner.Token);

        await response.AssertErrorAsync(target == "outsider" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, "userId");
        Assert.Equal("owner", await app.RoleOfAsync(team.OrgId, team.Owner.UserId));
    }

    [Fact]
    public async Task Remove_ShouldPublishTheEndOfTheMembershipAndHideTheOrganizationFromTheRemovedUser()
    {
        var team = await Team.CreateAsync(app, client);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{team.OrgId}/members/{team.Target.UserId}", token: team.Admin.Token)).StatusCode);

        var removed = await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.UserId == team.Target.UserId && e.Role == null);
        var joined = await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.UserId == team.Target.UserId && e.Role == "member");
        Assert.True(removed!.Sequence > joined!.Sequence);
        await (await client.GetAsync($"{Orgs.Base}/{team.Slug}", team.Target.Token)).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{Orgs.Base}/{team.OrgId}/members", team.Target.Token)).AssertErrorAsync(HttpStatusCode.NotFound);
    }
}
