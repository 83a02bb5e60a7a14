using System.Net;
using Saas.Identity.Tests.Features.Accounts;

namespace Saas.Identity.Tests.Features.Organizations;

/// <summary>
/// Issue 15, finding 9 (invitations): an invitation was accepted by any account with the invited address, verified or
/// not, and only through a route that carries the token in its path (so in access logs and traces).
/// </summary>
public sealed class InvitationSecurityTests : IDisposable
{
    private readonly IdentityApp app;
    private readonly HttpClient client;

    public InvitationSecurityTests()
    {
        app = new IdentityApp().With("Identity:InvitationsRequireVerifiedEmail", "true");
        client = app.CreateClient();
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Accept_WhenSomeoneSignedUpWithTheInvitedAddressButNeverVerifiedIt_ShouldAnswer403AndNotJoin()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var squatter = await client.RegisterAsync(); // registered the invitee's address, cannot read its mail
        var leaked = await app.InviteAsync(client, orgId, owner, squatter.Email, "admin");

        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/invites/accept", new { token = leaked }, squatter.Token);
        var viaPath = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{leaked}/accept", token: squatter.Token);

        await response.AssertErrorAsync(HttpStatusCode.Forbidden);
        await viaPath.AssertErrorAsync(HttpStatusCode.Forbidden);
        var members = await (await client.GetAsync($"{Orgs.Base}/{orgId}/members", owner.Token)).JsonAsync();
        Assert.DoesNotContain(members.GetProperty("members").EnumerateArray(), m => m.Str("userId") == squatter.UserId);
    }

    [Fact]
    public async Task Accept_WithTheTokenInTheBody_WhenTheAddressIsVerified_ShouldJoin()
    {
        var owner = await client.RegisterAsync();
        var orgId = (await client.CreateOrgAsync(owner)).Str("id");
        var invitee = await client.RegisterAsync();
        var confirm = await app.WaitForMailAsync(invitee.Email, "Confirm");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/auth/verify-email", new { token = LoginTests.TokenIn(confirm!.Text) })).StatusCode);
        var token = await app.InviteAsync(client, orgId, owner, invitee.Email, "viewer");

        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/invites/accept", new { token }, invitee.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("viewer", (await response.JsonAsync()).Str("role"));
    }

    [Fact]
    public async Task Accept_WithNoTokenInTheBody_ShouldAnswer400NamingTheField()
    {
        var user = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/invites/accept", new { }, user.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "token");
    }
}
