using System.Net;
using Saas.Contracts.Identity;
using Saas.Identity.Features.Tokens;
using Saas.Identity.Features.Organizations;
using Saas.Storage;

namespace Saas.Identity.Tests.Features.Organizations;

public sealed class InvitationsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Invite_ShouldAnswerThePendingInviteMailALinkAndStoreOnlyTheTokensHash()
    {
        var owner = await client.RegisterAsync(name: "Olive Owner");
        var org = await client.CreateOrgAsync(owner, name: "Acme Inc");
        var orgId = org.Str("id");
        var email = Api.NewEmail();

        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{orgId}/invites", new { email = "  " + email.ToUpperInvariant() }, owner.Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invite = await response.JsonAsync();
        Assert.Equal((orgId, email, "member", "pending", owner.UserId),
            (invite.Str("organizationId"), invite.Str("email"), invite.Str("role"), invite.Str("status"), invite.Str("invitedBy")));
        var lifetime = DateTimeOffset.Parse(invite.Str("expiresAt")) - DateTimeOffset.Parse(invite.Str("createdAt"));
        Assert.Equal(TimeSpan.FromDays(7), lifetime);
        var mail = await app.WaitForMailAsync(email, "You are invited to join Acme Inc");
        Assert.Contains("Olive Owner invited you to join Acme Inc as member", mail!.Text);
        Assert.Contains("http://localhost:3000/invite?token=", mail.Text);
        var token = Accounts.LoginTests.TokenIn(mail.Text);
        Assert.NotNull(await app.Store.InviteTokens.GetAsync(OneTimeTokens.Hash(token)));
        Assert.Null(await app.Store.InviteTokens.GetAsync(token));
        var stored = await app.Store.Organizations.GetAsync(orgId);
        Assert.DoesNotContain(token, System.Text.Json.JsonSerializer.Serialize(stored));
        var pending = await (await client.GetAsync($"{Orgs.Base}/{orgId}/invites", owner.Token)).JsonAsync();
        Assert.Equal(invite.Str("id"), Assert.Single(pending.GetProperty("invites").EnumerateArray()).Str("id"));
    }

    [Fact]
    public async Task Accept_ShouldJoinWithTheInvitedRoleOnceAndPublishTheMembership()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync(name: "Ivy Invitee");
        var token = await app.InviteAsync(client, orgId, owner, invitee.Email, "viewer");

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var org = await response.JsonAsync();
        Assert.Equal((orgId, "viewer"), (org.Str("id"), org.Str("role")));
        Assert.Contains(org.GetProperty("members").EnumerateArray(), m => m.Str("userId") == invitee.UserId && m.Str("name") == "Ivy Invitee");
        var joined = await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.UserId == invitee.UserId);
        Assert.Equal((orgId, "viewer", 2L), (joined!.OrganizationId, joined.Role, joined.Sequence));
        Assert.Empty((await (await client.GetAsync($"{Orgs.Base}/{orgId}/invites", owner.Token)).JsonAsync()).GetProperty("invites").EnumerateArray());

        // Used: refused even after the member left, so a removed member cannot come back with an old link.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{orgId}/leave", token: invitee.Token)).StatusCode);
        var again = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token);
        Assert.Equal("This invitation has already been used", (await again.AssertErrorAsync(HttpStatusCode.Gone, "token")).Str("error"));
        Assert.Null(await app.RoleOfAsync(orgId, invitee.UserId));
    }

    [Fact]
    public async Task Accept_WhenSentTwiceAtOnce_ShouldJoinOnceWithOneEvent()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var token = await app.InviteAsync(client, orgId, owner, invitee.Email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Gone, a.StatusCode));
        var stored = await app.Store.Organizations.GetAsync(orgId);
        Assert.Single(stored!.Members, m => m.UserId == invitee.UserId);
        Assert.Equal(2, stored.MembershipSequence);
    }

    [Fact]
    public async Task Accept_WhenTheEmailMatchesInAnotherCase_ShouldJoin()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{orgId}/invites", new { email = invitee.Email.ToUpperInvariant() }, owner.Token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = Accounts.LoginTests.TokenIn((await app.WaitForMailAsync(invitee.Email, "You are invited"))!.Text);

        var accepted = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("member", await app.RoleOfAsync(orgId, invitee.UserId));
    }

    [Fact]
    public async Task Accept_WhenSignedInWithAnotherAddress_ShouldAnswer403AndLeaveTheInvitePending()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var stranger = await client.RegisterAsync();
        var token = await app.InviteAsync(client, orgId, owner, invitee.Email);

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: stranger.Token);

        Assert.Contains("another e-mail address", (await response.AssertErrorAsync(HttpStatusCode.Forbidden)).Str("error"));
        Assert.Null(await app.RoleOfAsync(orgId, stranger.UserId));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token)).StatusCode);
    }

    [Fact]
    public async Task Accept_WhenRevoked_ShouldAnswer410()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var token = await app.InviteAsync(client, orgId, owner, invitee.Email);
        var inviteId = (await app.Store.Organizations.GetAsync(orgId))!.Invites.Single().Id;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{orgId}/invites/{inviteId}", token: owner.Token)).StatusCode);

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token);

        Assert.Equal("This invitation was revoked", (await response.AssertErrorAsync(HttpStatusCode.Gone, "token")).Str("error"));
        Assert.Null(await app.RoleOfAsync(orgId, invitee.UserId));
        Assert.Empty((await (await client.GetAsync($"{Orgs.Base}/{orgId}/invites", owner.Token)).JsonAsync()).GetProperty("invites").EnumerateArray());
    }

    [Fact]
    public async Task Accept_WhenExpired_ShouldAnswer410()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var token = await app.InviteAsync(client, orgId, owner, invitee.Email);
        await app.Store.Organizations.UpdateAsync(orgId, o =>
        {
            o.Invites.Single().ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            return true;
        }, CancellationToken.None);

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token);

        Assert.StartsWith("This invitation has expired", (await response.AssertErrorAsync(HttpStatusCode.Gone, "token")).Str("error"));
        Assert.Null(await app.RoleOfAsync(orgId, invitee.UserId));
    }

    [Theory]
    [InlineData("unknown-token")]
    [InlineData("x")]
    public async Task Accept_WhenTheTokenIsUnknown_ShouldAnswer404(string token)
    {
        var user = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: user.Token);

        Assert.Equal("Invitation not found", (await response.AssertErrorAsync(HttpStatusCode.NotFound, "token")).Str("error"));
    }

    [Fact]
    public async Task Accept_WhenAlreadyAMember_ShouldAnswer409AndKeepTheInvitePending()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var token = await app.InviteAsync(client, orgId, owner, invitee.Email, "admin");
        // Joined meanwhile by another way (here: written directly), e.g. a second invitation from another admin.
        await app.Store.Organizations.UpdateAsync(orgId, o =>
        {
            o.AddMember(invitee.UserId, "viewer", DateTimeOffset.UtcNow);
            return true;
        }, CancellationToken.None);

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token);

        await response.AssertErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal("viewer", await app.RoleOfAsync(orgId, invitee.UserId));
        Assert.Equal("pending", (await app.Store.Organizations.GetAsync(orgId))!.Invites.Single().Status(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Accept_WhenTheOrganizationWasDeleted_ShouldBeRefused()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var token = await app.InviteAsync(client, orgId, owner, invitee.Email);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{orgId}", token: owner.Token)).StatusCode);

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "token");
        Assert.Empty((await (await client.GetAsync(Orgs.Base, invitee.Token)).JsonAsync()).GetProperty("organizations").EnumerateArray());
    }

    [Fact]
    public async Task Invite_WhenTheAddressIsInvitedAgain_ShouldVoidTheEarlierLink()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var first = await app.InviteAsync(client, orgId, owner, invitee.Email, "viewer");
        var second = await app.InviteAsync(client, orgId, owner, invitee.Email, "admin");

        await (await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{first}/accept", token: invitee.Token)).AssertErrorAsync(HttpStatusCode.Gone, "token");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{second}/accept", token: invitee.Token)).StatusCode);
        Assert.Equal("admin", await app.RoleOfAsync(orgId, invitee.UserId));
    }

    [Theory]
    [InlineData("{\"role\":\"member\"}", "email")]
    [InlineData("{\"email\":\"not-an-address\"}", "email")]
    [InlineData("{\"email\":\"a@b.example\",\"role\":\"owner\"}", "role")]
    [InlineData("{\"email\":\"a@b.example\",\"role\":\"king\"}", "role")]
    public async Task Invite_WhenBodyIsInvalid_ShouldAnswer400AndInviteNobody(string body, string field)
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");

        var response = await client.SendRawAsync(HttpMethod.Post, $"{Orgs.Base}/{orgId}/invites", body, owner.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
        Assert.Empty((await app.Store.Organizations.GetAsync(orgId))!.Invites);
        Assert.Equal(0, await app.Store.InviteTokens.CountAsync(t => t.OrganizationId == orgId));
    }

    [Fact]
    public async Task Invite_WhenTheAddressBelongsToAMember_ShouldAnswer409AndInviteNobody()
    {
        var team = await Team.CreateAsync(app, client);
        var before = (await app.Store.Organizations.GetAsync(team.OrgId))!.Invites.Count;

        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/invites", new { email = team.Member.Email }, team.Admin.Token);

        await response.AssertErrorAsync(HttpStatusCode.Conflict, "email");
        Assert.Equal(before, (await app.Store.Organizations.GetAsync(team.OrgId))!.Invites.Count);
        Assert.Equal(before, await app.Store.InviteTokens.CountAsync(t => t.OrganizationId == team.OrgId));
    }

    [Fact]
    public async Task Revoke_WhenAlreadyAccepted_ShouldAnswer409()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        await app.AddMemberAsync(client, orgId, owner, "member");
        var inviteId = (await app.Store.Organizations.GetAsync(orgId))!.Invites.Single().Id;

        var accepted = await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{orgId}/invites/{inviteId}", token: owner.Token);
        var unknown = await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{orgId}/invites/nope", token: owner.Token);

        await accepted.AssertErrorAsync(HttpStatusCode.Conflict, "inviteId");
        await unknown.AssertErrorAsync(HttpStatusCode.NotFound, "inviteId");
    }
}
