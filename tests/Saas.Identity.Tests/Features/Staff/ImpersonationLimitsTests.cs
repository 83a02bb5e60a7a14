using System.Net;
using System.Text.Json;

namespace Saas.Identity.Tests.Features.Staff;

/// <summary>
/// Issue 15, finding 4 (rest) and the activity part of finding 9: an impersonation token could change the password,
/// delete the account and impersonate staff; the user's activity log did not say a staff member acted; and users could
/// write any activity entry, <c>impersonated_by_staff</c> included.
/// </summary>
public sealed class ImpersonationLimitsTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private const string Staff = "alice@staff (s-1)";
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task ChangePassword_WithAnImpersonationToken_ShouldAnswer403AndKeepThePassword()
    {
        var victim = await client.RegisterAsync();
        var token = await ImpersonateAsync(victim.UserId);

        var response = await client.SendAsync(HttpMethod.Put, "/api/user/password",
            new { currentPassword = victim.Password, newPassword = "staff-chosen-password-1" }, token);

        await response.AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/auth/login",
            new { email = victim.Email, password = victim.Password })).StatusCode);
    }

    [Fact]
    public async Task DeleteAccount_WithAnImpersonationToken_ShouldAnswer403AndKeepTheAccount()
    {
        var victim = await client.RegisterAsync();
        var token = await ImpersonateAsync(victim.UserId);

        var response = await client.SendAsync(HttpMethod.Delete, "/api/user/account", new { password = victim.Password }, token);

        await response.AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", victim.Token)).StatusCode);
    }

    [Fact]
    public async Task Impersonate_WhenTheUserIsStaff_ShouldAnswer403AndIssueNoToken()
    {
        var staffer = await client.RegisterAsync();
        await client.SendAsync(HttpMethod.Put, $"/internal/users/{staffer.UserId}/roles", new { roles = new[] { "support" } });

        var response = await client.SendAsync(HttpMethod.Post, $"/internal/users/{staffer.UserId}/impersonation-token", new { staff = Staff });

        var body = await response.AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.False(body.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task ActivityLog_WhenAStaffMemberActsAsTheUser_ShouldNameTheStaffMember()
    {
        var user = await client.RegisterAsync();
        var token = await ImpersonateAsync(user.UserId);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/user/settings", new { theme = "dark" }, token)).StatusCode);
        await client.SendAsync(HttpMethod.Put, "/api/user/settings", new { theme = "light" }, user.Token);

        var logs = await LogsAsync(user);
        var entries = logs.Where(l => l.Str("action") == "settings_updated").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => e.GetProperty("details").TryGetProperty("impersonatedBy", out var by) && by.GetString() == Staff);
        Assert.Single(entries, e => !e.GetProperty("details").TryGetProperty("impersonatedBy", out _));
    }

    [Theory]
    [InlineData("impersonated_by_staff")]
    [InlineData("password_changed")]
    [InlineData("LOGIN")]
    public async Task PostActivity_WithAReservedAction_ShouldAnswer400AndStoreNothing(string action)
    {
        var user = await client.RegisterAsync();
        var before = (await LogsAsync(user)).Count;

        var response = await client.SendAsync(HttpMethod.Post, "/api/activity-log",
            new { action, details = new { staff = "mallory@staff" } }, user.Token);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "action");
        Assert.Equal(before, (await LogsAsync(user)).Count);
    }

    [Fact]
    public async Task PostActivity_WhenTheUserClaimsAStaffMemberActed_ShouldDropThatDetail()
    {
        var user = await client.RegisterAsync();

        var response = await client.SendAsync(HttpMethod.Post, "/api/activity-log",
            new { action = "profile_updated", details = new { field = "name", impersonatedBy = "mallory@staff" } }, user.Token);

        var details = (await response.JsonAsync()).GetProperty("log").GetProperty("details");
        Assert.Equal("name", details.Str("field"));
        Assert.False(details.TryGetProperty("impersonatedBy", out _));
    }

    private async Task<string> ImpersonateAsync(string userId) =>
        (await (await client.SendAsync(HttpMethod.Post, $"/internal/users/{userId}/impersonation-token", new { staff = Staff })).JsonAsync()).Str("token");

    private async Task<List<JsonElement>> LogsAsync(Account account) =>
        [.. (await (await client.GetAsync("/api/activity-log?limit=100", account.Token)).JsonAsync()).GetProperty("logs").EnumerateArray()];
}
