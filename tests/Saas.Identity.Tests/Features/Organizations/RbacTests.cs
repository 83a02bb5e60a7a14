using System.Net;

namespace Saas.Identity.Tests.Features.Organizations;

/// <summary>
/// Every organization route, once per role (and once for a signed-in outsider, who must not learn the organization
/// exists). Each refusal is checked to have changed nothing.
/// </summary>
public sealed class RbacTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.OK)]
    [InlineData("viewer", HttpStatusCode.OK)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task GetBySlug_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.GetAsync($"{Orgs.Base}/{team.Slug}", team.As(role).Token);

        await AssertStatusAsync(response, expected);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.OK)]
    [InlineData("viewer", HttpStatusCode.OK)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task ListMembers_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.GetAsync($"{Orgs.Base}/{team.OrgId}/members", team.As(role).Token);

        await AssertStatusAsync(response, expected);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task Rename_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}", new { name = "Renamed" }, team.As(role).Token);

        await AssertStatusAsync(response, expected);
        var stored = await app.Store.Organizations.GetAsync(team.OrgId);
        Assert.Equal(expected == HttpStatusCode.OK ? "Renamed" : "Acme Inc", stored!.Name);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.Forbidden)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task Delete_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{team.OrgId}", token: team.As(role).Token);

        await AssertStatusAsync(response, expected);
        var still = await client.GetAsync($"{Orgs.Base}/{team.Slug}", team.Owner.Token);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.NotFound : HttpStatusCode.OK, still.StatusCode);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task ChangeRole_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Patch, $"{Orgs.Base}/{team.OrgId}/members/{team.Target.UserId}",
            new { role = "viewer" }, team.As(role).Token);

        await AssertStatusAsync(response, expected);
        Assert.Equal(expected == HttpStatusCode.OK ? "viewer" : "member", await app.RoleOfAsync(team.OrgId, team.Target.UserId));
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task RemoveMember_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{team.OrgId}/members/{team.Target.UserId}", token: team.As(role).Token);

        await AssertStatusAsync(response, expected);
        Assert.Equal(expected == HttpStatusCode.OK ? null : "member", await app.RoleOfAsync(team.OrgId, team.Target.UserId));
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.Conflict)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.OK)]
    [InlineData("viewer", HttpStatusCode.OK)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task Leave_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);
        var before = await app.RoleOfAsync(team.OrgId, team.As(role).UserId);

        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/leave", token: team.As(role).Token);

        await AssertStatusAsync(response, expected);
        Assert.Equal(expected == HttpStatusCode.OK ? null : before, await app.RoleOfAsync(team.OrgId, team.As(role).UserId));
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.Forbidden)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task TransferOwnership_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/transfer-ownership",
            new { userId = team.Target.UserId }, team.As(role).Token);

        await AssertStatusAsync(response, expected);
        var ok = expected == HttpStatusCode.OK;
        Assert.Equal(ok ? "owner" : "member", await app.RoleOfAsync(team.OrgId, team.Target.UserId));
        Assert.Equal(ok ? "admin" : "owner", await app.RoleOfAsync(team.OrgId, team.Owner.UserId));
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.Created)]
    [InlineData("admin", HttpStatusCode.Created)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task Invite_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);
        var email = Api.NewEmail();

        var response = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/invites", new { email }, team.As(role).Token);

        await AssertStatusAsync(response, expected);
        var stored = await app.Store.Organizations.GetAsync(team.OrgId);
        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, stored!.Invites.Count(i => i.Email == email));
        Assert.Equal(expected == HttpStatusCode.Created, await app.WaitForMailAsync(email, "invited", TimeSpan.FromSeconds(expected == HttpStatusCode.Created ? 10 : 0.3)) is not null);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task ListInvites_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);

        var response = await client.GetAsync($"{Orgs.Base}/{team.OrgId}/invites", team.As(role).Token);

        await AssertStatusAsync(response, expected);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("outsider", HttpStatusCode.NotFound)]
    public async Task RevokeInvite_ForEachRole(string role, HttpStatusCode expected)
    {
        var team = await Team.CreateAsync(app, client);
        var invite = await (await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{team.OrgId}/invites", new { email = Api.NewEmail() }, team.Owner.Token)).JsonAsync();

        var response = await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{team.OrgId}/invites/{invite.Str("id")}", token: team.As(role).Token);

        await AssertStatusAsync(response, expected);
        var stored = (await app.Store.Organizations.GetAsync(team.OrgId))!.Invites.Single(i => i.Id == invite.Str("id"));
        Assert.Equal(expected == HttpStatusCode.OK, stored.RevokedAt is not null);
    }

    [Theory]
    [InlineData("POST", "")]
    [InlineData("GET", "")]
    [InlineData("GET", "/some-slug")]
    [InlineData("PATCH", "/some-id")]
    [InlineData("DELETE", "/some-id")]
    [InlineData("GET", "/some-id/members")]
    [InlineData("PATCH", "/some-id/members/some-user")]
    [InlineData("DELETE", "/some-id/members/some-user")]
    [InlineData("POST", "/some-id/leave")]
    [InlineData("POST", "/some-id/transfer-ownership")]
    [InlineData("POST", "/some-id/invites")]
    [InlineData("GET", "/some-id/invites")]
    [InlineData("DELETE", "/some-id/invites/some-invite")]
    public async Task AnyRoute_WhenNotSignedIn_ShouldAnswer401(string method, string path)
    {
        var response = await client.SendAsync(new HttpMethod(method), Orgs.Base + path, new { });

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AcceptInvite_WhenNotSignedIn_ShouldAnswer401()
    {
        await (await client.SendAsync(HttpMethod.Post, "/api/v1/invites/some-token/accept")).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if ((int)expected >= 400)
        {
            await response.AssertErrorAsync(expected);
        }
        else
        {
            Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
