using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Saas.Testing;

namespace Saas.SystemTests;

/// <summary>
/// Identity's flows end to end through the gateway of a real AppHost, with mail delivered to a real SMTP server.
/// The gateway allows 20 calls a minute per client to its credential routes (login, register, password reset, …;
/// gateway/README.md): the shared system raises that limit, since its classes register many accounts.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed partial class IdentityFlowTests(SharedSystem fixture) : IDisposable
{
    private const string Password = "system-test-password-1";
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri(fixture.Host.GatewayUrl),
        Timeout = TimeSpan.FromSeconds(15),
    };

    [Fact]
    public async Task RefreshToken_WhenAnAlreadyRotatedTokenIsReused_ShouldRevokeTheFamilyAndStillAllowANewLogin()
    {
        var email = NewEmail();
        var (status, registered) = await SendAsync(HttpMethod.Post, "/api/auth/register", new { email, password = Password, name = "System Test" });
        Assert.True(status == 201, $"register answered {status}: {registered}");
        var userId = registered.GetProperty("user").GetProperty("_id").GetString();
        var firstRefresh = registered.GetProperty("refreshToken").GetString()!;

        var (meStatus, me) = await SendAsync(HttpMethod.Get, "/api/auth/me", token: registered.GetProperty("token").GetString());
        Assert.True(meStatus == 200, $"me answered {meStatus}: {me}");
        Assert.Equal(userId, me.GetProperty("_id").GetString());
        Assert.Equal(email, me.GetProperty("email").GetString());

        var (refreshStatus, rotated) = await SendAsync(HttpMethod.Post, "/api/auth/refresh-token", new { refreshToken = firstRefresh });
        Assert.True(refreshStatus == 200, $"refresh answered {refreshStatus}: {rotated}");
        var secondRefresh = rotated.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(firstRefresh, secondRefresh);
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, "/api/auth/me", token: rotated.GetProperty("token").GetString())).Status);

        // Theft detection: the rotated token comes back from another device, so the whole family dies, the legitimate
        // newer token included (from the same device within 30 s it would be a second tab, and get a pair).
        var (reuseStatus, reuse) = await SendAsync(HttpMethod.Post, "/api/auth/refresh-token", new { refreshToken = firstRefresh }, userAgent: "thief/1.0");
        Assert.True(reuseStatus == 401, $"reusing the old refresh token answered {reuseStatus}: {reuse}");
        AssertError(reuse);
        var (newerStatus, newer) = await SendAsync(HttpMethod.Post, "/api/auth/refresh-token", new { refreshToken = secondRefresh });
        Assert.True(newerStatus == 401, $"the newer refresh token still worked after the family was revoked ({newerStatus}): {newer}");
        AssertError(newer);

        var (loginStatus, login) = await SendAsync(HttpMethod.Post, "/api/auth/login", new { email, password = Password });
        Assert.True(loginStatus == 200, $"login after the revocation answered {loginStatus}: {login}");
        Assert.Equal(userId, login.GetProperty("user").GetProperty("_id").GetString());
        var (againStatus, again) = await SendAsync(HttpMethod.Get, "/api/auth/me", token: login.GetProperty("token").GetString());
        Assert.True(againStatus == 200, $"me with the new login's token answered {againStatus}: {again}");
    }

    [SmtpFact]
    public async Task PasswordReset_WhenTheLinkMailedOverSmtpIsFollowed_ShouldReplaceThePasswordAndEndOldSessions()
    {
        var smtp = fixture.Smtp ?? throw new InvalidOperationException("the fixture started no SMTP server");
        var email = NewEmail();
        var (status, registered) = await SendAsync(HttpMethod.Post, "/api/auth/register", new { email, password = Password, name = "Reset Test" });
        Assert.True(status == 201, $"register answered {status}: {registered}");

        var (requestStatus, requested) = await SendAsync(HttpMethod.Post, "/api/user/password-reset-request", new { email });
        Assert.True(requestStatus == 200, $"reset request answered {requestStatus}: {requested}");
        var mail = await smtp.WaitForMessageAsync(email, "Reset your password", TimeSpan.FromSeconds(30));
        var text = mail.TextBody ?? mail.HtmlBody ?? "";
        var link = ResetLink().Match(text);
        Assert.True(link.Success, $"no reset link in the mail: {text}");
        var token = Uri.UnescapeDataString(link.Groups["token"].Value);

        const string newPassword = "system-test-password-2";
        var (confirmStatus, confirmed) = await SendAsync(HttpMethod.Post, "/api/user/password-reset-confirm", new { token, newPassword });
        Assert.True(confirmStatus == 200, $"reset confirm answered {confirmStatus}: {confirmed}");
        var (replayStatus, replay) = await SendAsync(HttpMethod.Post, "/api/user/password-reset-confirm", new { token, newPassword = "system-test-password-3" });
        Assert.True(replayStatus == 400, $"the reset token worked twice ({replayStatus}): {replay}");

        var (oldStatus, old) = await SendAsync(HttpMethod.Post, "/api/auth/login", new { email, password = Password });
        Assert.True(oldStatus == 401, $"the old password still signs in ({oldStatus}): {old}");
        AssertError(old);
        var (newStatus, login) = await SendAsync(HttpMethod.Post, "/api/auth/login", new { email, password = newPassword });
        Assert.True(newStatus == 200, $"the new password does not sign in ({newStatus}): {login}");
        // A reset ends every session: the refresh token from before it is dead.
        var (staleStatus, stale) = await SendAsync(HttpMethod.Post, "/api/auth/refresh-token", new { refreshToken = registered.GetProperty("refreshToken").GetString() });
        Assert.True(staleStatus == 401, $"a refresh token from before the reset still works ({staleStatus}): {stale}");
    }

    [SmtpFact]
    public async Task Organization_WhenAnInviteMailedOverSmtpIsAccepted_ShouldMakeTheInviteeAMemberWithTheInvitedRole()
    {
        var smtp = fixture.Smtp ?? throw new InvalidOperationException("the fixture started no SMTP server");
        var (_, owner) = await SendAsync(HttpMethod.Post, "/api/auth/register", new { email = NewEmail(), password = Password, name = "Olive Owner" });
        var ownerToken = owner.GetProperty("token").GetString();
        var inviteeEmail = NewEmail();
        var (inviteeStatus, invitee) = await SendAsync(HttpMethod.Post, "/api/auth/register", new { email = inviteeEmail, password = Password, name = "Ivy Invitee" });
        Assert.True(inviteeStatus == 201, $"register answered {inviteeStatus}: {invitee}");
        var slug = $"sys-{Guid.NewGuid():N}"[..20];

        var (createStatus, org) = await SendAsync(HttpMethod.Post, "/api/v1/organizations", new { name = "System Org", slug }, ownerToken);
        Assert.True(createStatus == 201, $"create answered {createStatus}: {org}");
        var orgId = org.GetProperty("id").GetString();
        var (inviteStatus, invite) = await SendAsync(HttpMethod.Post, $"/api/v1/organizations/{orgId}/invites", new { email = inviteeEmail, role = "viewer" }, ownerToken);
        Assert.True(inviteStatus == 201, $"invite answered {inviteStatus}: {invite}");
        var mail = await smtp.WaitForMessageAsync(inviteeEmail, "You are invited to join System Org", TimeSpan.FromSeconds(30));
        var link = ResetLink().Match(mail.TextBody ?? "");
        Assert.True(link.Success, $"no invite link in the mail: {mail.TextBody}");

        var inviteeToken = invitee.GetProperty("token").GetString();
        // Accepting needs a verified address: follow the confirmation mail first, as the invitee would.
        var confirm = await smtp.WaitForMessageAsync(inviteeEmail, "Confirm your e-mail address", TimeSpan.FromSeconds(30));
        var verifyToken = Uri.UnescapeDataString(ResetLink().Match(confirm.TextBody ?? "").Groups["token"].Value);
        Assert.Equal(200, (await SendAsync(HttpMethod.Post, "/api/auth/verify-email", new { token = verifyToken })).Item1);
        var (acceptStatus, joined) = await SendAsync(HttpMethod.Post, "/api/v1/invites/accept", new { token = Uri.UnescapeDataString(link.Groups["token"].Value) }, inviteeToken);
        Assert.True(acceptStatus == 200, $"accept answered {acceptStatus}: {joined}");
        Assert.Equal("viewer", joined.GetProperty("role").GetString());
        var (listStatus, mine) = await SendAsync(HttpMethod.Get, "/api/v1/organizations", token: inviteeToken);
        Assert.True(listStatus == 200, $"list answered {listStatus}: {mine}");
        Assert.Equal(slug, Assert.Single(mine.GetProperty("organizations").EnumerateArray()).GetProperty("slug").GetString());
        // A viewer reads but does not manage.
        var (renameStatus, renamed) = await SendAsync(HttpMethod.Patch, $"/api/v1/organizations/{orgId}", new { name = "Taken over" }, inviteeToken);
        Assert.True(renameStatus == 403, $"a viewer's rename answered {renameStatus}: {renamed}");
    }

    public void Dispose() => _http.Dispose();

    private static string NewEmail() => $"system-{Guid.NewGuid():N}@example.com";

    private static void AssertError(JsonElement body) =>
        Assert.True(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) && e.GetString() is { Length: > 0 },
            $"expected {{ \"error\": \"...\" }}, got {body}");

    private async Task<(int Status, JsonElement Body)> SendAsync(
        HttpMethod method, string path, object? body = null, string? token = null, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, json);
    }

    [GeneratedRegex(@"https?://\S*?[?&]token=(?<token>[^\s&""<>]+)")]
    private static partial Regex ResetLink();
}
