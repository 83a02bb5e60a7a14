using System.Net;

namespace Saas.Identity.Tests.Features.Organizations;

/// <summary>The internal organization history admin's customer timeline reads (issue 19 item 3).</summary>
public sealed class OrganizationHistoryTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task History_ShouldListMembersWithWhenTheyJoinedAndEveryInvitationWithItsOutcome()
    {
        var owner = await client.RegisterAsync(name: "Olive Owner");
        var orgId = (await client.CreateOrgAsync(owner, name: "Timeline Inc")).Str("id");
        var member = await app.AddMemberAsync(client, orgId, owner, "member");
        var revokedEmail = Api.NewEmail();
        var revoke = await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{orgId}/invites", new { email = revokedEmail }, owner.Token);
        var inviteId = (await revoke.JsonAsync()).Str("id");
        await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{orgId}/invites/{inviteId}", token: owner.Token);

        var organization = (await (await client.GetAsync($"/internal/organizations/{orgId}")).JsonAsync()).GetProperty("organization");
        var ofMember = await (await client.GetAsync($"/internal/users/{member.UserId}/organizations")).JsonAsync();

        Assert.Equal(("Timeline Inc", owner.UserId), (organization.Str("name"), organization.Str("createdBy")));
        Assert.Equal([(owner.UserId, "owner"), (member.UserId, "member")],
            organization.GetProperty("members").EnumerateArray().Select(m => (m.Str("userId"), m.Str("role"))));
        var invites = organization.GetProperty("invites").EnumerateArray().ToDictionary(i => i.Str("email"));
        Assert.Equal(("accepted", member.UserId), (invites[member.Email].Str("status"), invites[member.Email].Str("acceptedBy")));
        Assert.Equal("revoked", invites[revokedEmail].Str("status"));
        Assert.Equal(orgId, Assert.Single(ofMember.GetProperty("organizations").EnumerateArray()).Str("id"));
    }

    [Fact]
    public async Task History_ShouldKeepMembersWhoLeftOrWereRemovedWithWhoRemovedThem()
    {
        var owner = await client.RegisterAsync(name: "Rita Remover");
        var orgId = (await client.CreateOrgAsync(owner, name: "Departures Ltd")).Str("id");
        var removed = await app.AddMemberAsync(client, orgId, owner, "member");
        var leaver = await app.AddMemberAsync(client, orgId, owner, "admin");

        (await client.SendAsync(HttpMethod.Delete, $"{Orgs.Base}/{orgId}/members/{removed.UserId}", token: owner.Token)).EnsureSuccessStatusCode();
        (await client.SendAsync(HttpMethod.Post, $"{Orgs.Base}/{orgId}/leave", token: leaver.Token)).EnsureSuccessStatusCode();
        var organization = (await (await client.GetAsync($"/internal/organizations/{orgId}")).JsonAsync()).GetProperty("organization");

        Assert.Equal([owner.UserId], organization.GetProperty("members").EnumerateArray().Select(m => m.Str("userId")));
        var former = organization.GetProperty("formerMembers").EnumerateArray()
            .Select(m => (m.Str("userId"), m.Str("role"), m.GetProperty("removedBy").ValueKind == System.Text.Json.JsonValueKind.Null ? null : m.Str("removedBy")))
            .ToList();
        Assert.Equal([(removed.UserId, "member", owner.UserId), (leaver.UserId, "admin", (string?)null)], former);
    }

    [Fact]
    public async Task History_WithoutTheInternalKey_OrForAnUnknownOrganization_ShouldRefuse()
    {
        var unknown = await client.GetAsync("/internal/organizations/nope");
        using var keyless = app.CreateClient();
        keyless.DefaultRequestHeaders.Remove("X-Internal-Api-Key");
        var withoutKey = await keyless.GetAsync("/internal/organizations/nope");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }
}
