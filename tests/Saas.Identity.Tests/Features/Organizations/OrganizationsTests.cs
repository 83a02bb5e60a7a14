using System.Net;
using Saas.Contracts.Identity;

namespace Saas.Identity.Tests.Features.Organizations;

public sealed class OrganizationsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Create_WhenValid_ShouldAnswer201WithTheCallerAsOwnerAndPublishTheEvents()
    {
        var owner = await client.RegisterAsync(name: "Olive Owner");
        var slug = Orgs.NewSlug();

        var response = await client.SendAsync(HttpMethod.Post, Orgs.Base, new { name = "  Acme Inc  ", slug }, owner.Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/organizations/{slug}", response.Headers.Location?.OriginalString);
        var org = await response.JsonAsync();
        Assert.Equal("Acme Inc", org.Str("name"));
        Assert.Equal(slug, org.Str("slug"));
        Assert.Equal("owner", org.Str("role"));
        var member = Assert.Single(org.GetProperty("members").EnumerateArray());
        Assert.Equal(owner.UserId, member.Str("userId"));
        Assert.Equal("Olive Owner", member.Str("name"));
        Assert.Equal(owner.Email, member.Str("email"));
        Assert.Equal("owner", member.Str("role"));
        var id = org.Str("id");
        var created = await app.WaitForPublishedAsync<OrganizationCreated>(e => e.OrganizationId == id);
        Assert.NotNull(created);
        Assert.Equal((slug, "Acme Inc", owner.UserId), (created.Slug, created.Name, created.OwnerUserId));
        var joined = await app.WaitForPublishedAsync<OrganizationMembershipChanged>(e => e.OrganizationId == id);
        Assert.Equal((owner.UserId, "owner", 1L), (joined!.UserId, joined.Role, joined.Sequence));
        Assert.Empty((await app.Store.Organizations.GetAsync(id))!.PendingEvents);
    }

    [Fact]
    public async Task Create_WhenSlugIsMissing_ShouldDeriveItFromTheName()
    {
        var owner = await client.RegisterAsync();
        var name = $"Big Co. {Guid.NewGuid():N}"[..20];

        var response = await client.SendAsync(HttpMethod.Post, Orgs.Base, new { name }, owner.Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name.ToLowerInvariant().Replace("big co. ", "big-co-"), (await response.JsonAsync()).Str("slug"));
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("with space")]
    [InlineData("under_score")]
    [InlineData("a")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("way-too-long-slug-way-too-long-slug-way-too-long-slug")]
    public async Task Create_WhenSlugIsInvalid_ShouldAnswer400AndCreateNothing(string slug)
    {
        var owner = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Post, Orgs.Base, new { name = "Acme", slug }, owner.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "slug");
        Assert.Equal(0, await app.Store.Organizations.CountAsync(o => o.CreatedBy == owner.UserId));
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\":\"   \"}", "name")]
    [InlineData("{\"name\":42}", "name")]
    [InlineData("{\"name\":\"Acme\",\"slug\":7}", "slug")]
    public async Task Create_WhenBodyIsInvalid_ShouldAnswer400NamingTheField(string body, string field)
    {
        var owner = await client.RegisterAsync();

        var response = await client.SendRawAsync(HttpMethod.Post, Orgs.Base, body, owner.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await app.Store.Organizations.CountAsync(o => o.CreatedBy == owner.UserId));
    }

    [Fact]
    public async Task Create_WhenSlugIsTaken_ShouldAnswer409AndLeaveTheFirstUntouched()
    {
        var first = await client.RegisterAsync();
        var second = await client.RegisterAsync();
        var org = await client.CreateOrgAsync(first, name: "First");

        var response = await client.SendAsync(HttpMethod.Post, Orgs.Base, new { name = "Second", slug = org.Str("slug") }, second.Token);

        await response.AssertErrorAsync(HttpStatusCode.Conflict, "slug");
        Assert.Equal(0, await app.Store.Organizations.CountAsync(o => o.CreatedBy == second.UserId));
        var kept = await app.Store.Organizations.GetAsync(org.Str("id"));
        Assert.Equal("First", kept!.Name);
        Assert.Equal([first.UserId], kept.MemberIds);
    }

    [Fact]
    public async Task ListMine_ShouldListOnlyMyOrganizationsWithMyRole()
    {
        var owner = await client.RegisterAsync();
        var mine = await client.CreateOrgAsync(owner, name: "Mine");
        var other = await client.RegisterAsync();
        var theirs = await client.CreateOrgAsync(other, name: "Theirs");
        var notMine = await client.CreateOrgAsync(other, name: "Not mine");
        var token = await app.InviteAsync(client, theirs.Str("id"), other, owner.Email, "viewer");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: owner.Token)).StatusCode);

        var list = await (await client.GetAsync(Orgs.Base, owner.Token)).JsonAsync();

        var entries = list.GetProperty("organizations").EnumerateArray()
            .Select(o => (o.Str("id"), o.Str("name"), o.Str("role"), o.GetProperty("memberCount").GetInt32())).ToList();
        Assert.Equal([(mine.Str("id"), "Mine", "owner", 1), (theirs.Str("id"), "Theirs", "viewer", 2)], entries);
        Assert.DoesNotContain(entries, e => e.Item1 == notMine.Str("id"));
    }

    [Fact]
    public async Task GetBySlug_ShouldShowEveryMembersNameEmailAndRole()
    {
        var team = await Team.CreateAsync(app, client);

        var org = await (await client.GetAsync($"{Orgs.Base}/{team.Slug}", team.Viewer.Token)).JsonAsync();

        Assert.Equal("viewer", org.Str("role"));
        var members = org.GetProperty("members").EnumerateArray().Select(m => (m.Str("userId"), m.Str("email"), m.Str("role"))).ToList();
        Assert.Equal(
            [(team.Owner.UserId, team.Owner.Email, "owner"), (team.Admin.UserId, team.Admin.Email, "admin"),
             (team.Member.UserId, team.Member.Email, "member"), (team.Target.UserId, team.Target.Email, "member"),
             (team.Viewer.UserId, team.Viewer.Email, "viewer")],
            members);
    }

    [Fact]
    public async Task GetBySlug_WhenTheOrganizationDoesNotExist_ShouldAnswer404LikeForANonMember()
    {
        var user = await client.RegisterAsync();

        var missing = await client.GetAsync($"{Orgs.Base}/no-such-org-{Guid.NewGuid():N}", user.Token);

        var body = await missing.AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("Organization not found", body.Str("error"));
    }

    [Fact]
    public async Task Rename_WhenNameIsInvalid_ShouldAnswer400AndKeepTheName()
    {
        var owner = await client.RegisterAsync();
        var org = await client.CreateOrgAsync(owner, name: "Kept");

        var response = await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{org.Str("id")}", new { name = new string('x', 101) }, owner.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "name");
        Assert.Equal("Kept", (await app.Store.Organizations.GetAsync(org.Str("id")))!.Name);
    }

    [Fact]
    public async Task Rename_WhenValid_ShouldAnswerTheRenamedOrganizationAndKeepTheSlug()
    {
        var owner = await client.RegisterAsync();
        var org = await client.CreateOrgAsync(owner, name: "Old");

        var response = await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{org.Str("id")}", new { name = "New" }, owner.Token);

        var renamed = await response.JsonAsync();
        Assert.Equal(("New", org.Str("slug")), (renamed.Str("name"), renamed.Str("slug")));
    }

    [Fact]
    public async Task Delete_ShouldRemoveTheOrganizationAndItsInvitesFreeTheSlugAndPublishOrganizationDeleted()
    {
        var owner = await client.RegisterAsync();
        var org = await client.CreateOrgAsync(owner);
        var id = org.Str("id");
        var invitee = await client.RegisterAsync();
        var token = await app.InviteAsync(client, id, owner, invitee.Email);

        var response = await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{id}", token: owner.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deleted = await app.WaitForPublishedAsync<OrganizationDeleted>(e => e.OrganizationId == id);
        Assert.Equal(org.Str("slug"), deleted!.Slug);
        Assert.Null(await app.Store.Organizations.GetAsync(id));
        Assert.Equal(0, await app.Store.InviteTokens.CountAsync(t => t.OrganizationId == id));
        Assert.Empty((await (await client.GetAsync(Orgs.Base, owner.Token)).JsonAsync()).GetProperty("organizations").EnumerateArray());
        await (await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: invitee.Token))
            .AssertErrorAsync(HttpStatusCode.NotFound, "token");
        await client.CreateOrgAsync(owner, slug: org.Str("slug"));
    }
}
