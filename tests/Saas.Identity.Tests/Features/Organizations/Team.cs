using System.Net;
using System.Text.Json;
using Saas.Identity.Tests.Features.Accounts;

namespace Saas.Identity.Tests.Features.Organizations;

/// <summary>Organization calls the tests share.</summary>
internal static class Orgs
{
    public const string Base = "/api/v1/organizations";

    public static string NewSlug() => "org-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<JsonElement> CreateOrgAsync(this HttpClient client, Account owner, string? slug = null, string name = "Acme Inc")
    {
        var response = await client.SendAsync(HttpMethod.Post, Base, new { name, slug = slug ?? NewSlug() }, owner.Token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Invites <paramref name="email"/> and returns the token from the mailed link (dev mailbox).</summary>
    public static async Task<string> InviteAsync(this IdentityApp app, HttpClient client, string orgId, Account by, string email, string role = "member")
    {
        static bool IsInvite(Saas.Identity.Features.Mail.DevMail m, string to) => m.To == to && m.Subject.StartsWith("You are invited");
        var sentBefore = app.Mailbox.Messages.Count(m => IsInvite(m, email));
        var response = await client.SendAsync(HttpMethod.Post, $"{Base}/{orgId}/invites", new { email, role }, by.Token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (app.Mailbox.Messages.Count(m => IsInvite(m, email)) == sentBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var mail = app.Mailbox.Messages.First(m => IsInvite(m, email));
        return LoginTests.TokenIn(mail.Text);
    }

    /// <summary>A new user who joined <paramref name="orgId"/> with <paramref name="role"/> (an owner is invited as admin, then promoted).</summary>
    public static async Task<Account> AddMemberAsync(this IdentityApp app, HttpClient client, string orgId, Account owner, string role)
    {
        var user = await client.RegisterAsync();
        var token = await app.InviteAsync(client, orgId, owner, user.Email, role == "owner" ? "admin" : role);
        var accepted = await client.SendAsync(HttpMethod.Post, $"/api/v1/invites/{token}/accept", token: user.Token);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"accept answered {accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()} (token {token})");
        if (role == "owner")
        {
            var promoted = await client.SendAsync(HttpMethod.Patch, $"{Base}/{orgId}/members/{user.UserId}", new { role }, owner.Token);
            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        }

        return user;
    }

    public static async Task<string?> RoleOfAsync(this IdentityApp app, string orgId, string userId) =>
        (await app.Store.Organizations.GetAsync(orgId))?.Members.FirstOrDefault(m => m.UserId == userId)?.Role;
}

/// <summary>
/// An organization with one user per role, a second plain member to act on (<see cref="Target"/>), and an outsider.
/// </summary>
internal sealed record Team(string OrgId, string Slug, Account Owner, Account Admin, Account Member, Account Viewer, Account Target, Account Outsider)
{
    public static async Task<Team> CreateAsync(IdentityApp app, HttpClient client)
    {
        var owner = await client.RegisterAsync(name: "Olive Owner");
        var org = await client.CreateOrgAsync(owner);
        var orgId = org.Str("id");
        return new Team(orgId, org.Str("slug"), owner,
            await app.AddMemberAsync(client, orgId, owner, "admin"),
            await app.AddMemberAsync(client, orgId, owner, "member"),
            await app.AddMemberAsync(client, orgId, owner, "viewer"),
            await app.AddMemberAsync(client, orgId, owner, "member"),
            await client.RegisterAsync());
    }

    /// <summary>The account acting as <paramref name="role"/>: owner, admin, member, viewer or outsider.</summary>
    public Account As(string role) => role switch
    {
        "owner" => Owner,
        "admin" => Admin,
        "member" => Member,
        "viewer" => Viewer,
        "outsider" => Outsider,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
