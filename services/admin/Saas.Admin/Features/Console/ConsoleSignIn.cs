using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Admin.Features.Console;

/// <summary>
/// Signs staff in to the console: the operator account (<c>Admin:Username</c>/<c>Admin:Password</c>, checked as the
/// API's Basic sign-in checks it) or a staff user's e-mail and password, checked by identity's login. Throttled by
/// the API's <see cref="StaffSignInLockout"/> (one count per client for both doors); failures are audited, never the password.
/// </summary>
public sealed class ConsoleSignIn(
    IOptionsMonitor<AdminOptions> admin, TimeProvider time, StaffSignInLockout throttle, DownstreamApi api, IHttpClientFactory clients, AuditLog audit,
    ILogger<ConsoleSignIn> logger)
{
    public const string OperatorMethod = "console-basic";
    public const string PasswordMethod = "console-password";

    /// <summary>Longest user name kept in the audit log and the logs: the form accepts anything an attacker types.</summary>
    public const int MaxRecordedNameLength = 128;

    /// <summary>Null when signed in; otherwise what to tell the person at the form.</summary>
    public async Task<string?> SignInAsync(HttpContext context, string? username, string? password, CancellationToken ct)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var name = username?.Trim() ?? "";
        if (throttle.RetryAfter(client) is { } wait)
        {
            await AuditFailureAsync(context, name, client, "throttled", ct);
            return $"Too many failed sign-in attempts. Try again in {Math.Ceiling(wait.TotalMinutes):0} minute(s).";
        }

        if (name.Length == 0 || string.IsNullOrEmpty(password))
        {
            return "Enter your user name or e-mail and your password.";
        }

        var settings = admin.CurrentValue;
        ClaimsPrincipal? principal = null;
        if (settings.BasicEnabled && BasicAuthenticationHandler.Matches(name, password, settings))
        {
            principal = Principal($"basic:{name}", null, SaasRoles.Admin, OperatorMethod);
        }
        else if (name.Contains('@'))
        {
            var (staff, unavailable) = await StaffUserAsync(name, password, ct);
            if (unavailable is not null)
            {
                return unavailable; // Nobody was checked: not a failure to count against the client.
            }

            principal = staff;
        }

        if (principal is null)
        {
            throttle.RecordFailure(client);
            logger.LogWarning("Rejected console sign-in for {User} from {Client}", Bounded(name), client);
            await AuditFailureAsync(context, name, client, "invalid_credentials", ct);
            return "Wrong user name or password, or not a staff account.";
        }

        throttle.Reset(client);
        await context.SignInAsync(ConsoleRegistration.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        await audit.RecordAsync(StaffMember.From(principal), context, "console.sign_in", "staff", StaffMember.From(principal).Id,
            null, new { client }, ct);
        return null;
    }

    /// <summary>A staff principal when identity accepts the password and the user holds a staff role.</summary>
    private async Task<(ClaimsPrincipal? Staff, string? Unavailable)> StaffUserAsync(string email, string password, CancellationToken ct)
    {
        var login = await api.SendAsync(ResourceNames.Identity, HttpMethod.Post, "/api/auth/login", new { email, password }, null, ct);
        if (login.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            return (null, "The identity service is unavailable, so staff e-mail sign-in cannot be checked. Try again shortly.");
        }

        if (!login.IsSuccess || login.Body is not { ValueKind: JsonValueKind.Object } body ||
            !body.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        if (body.TryGetProperty("token", out var token) && token.GetString() is { Length: > 0 } accessToken)
        {
            await EndIdentitySessionAsync(accessToken);
        }

        var roles = user.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet()
            : [];
        var role = roles.Contains(SaasRoles.Admin) ? SaasRoles.Admin : roles.Contains(SaasRoles.Support) ? SaasRoles.Support : null;
        var id = user.TryGetProperty("_id", out var i) ? i.GetString() : null;
        return role is null || id is null ? (null, null) : (Principal(id, email, role, PasswordMethod), null);
    }

    /// <summary>
    /// The login was only a password check: end the identity session it opened, so it neither lingers in the user's
    /// session list nor leaves a refresh token nobody holds. Best effort; the session expires on its own anyway.
    /// </summary>
    private async Task EndIdentitySessionAsync(string accessToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await clients.CreateClient(ResourceNames.Identity).SendAsync(request, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException)
        {
            logger.LogInformation("Could not end the identity session opened by a console sign-in: {Error}", ex.Message);
        }
    }

    private ClaimsPrincipal Principal(string id, string? email, string role, string method)
    {
        List<Claim> claims =
        [
            new(SaasClaims.Subject, id), new(SaasClaims.Role, role), new(StaffMember.MethodClaim, method),
            ConsoleSessionValidator.SignedInAt(time.GetUtcNow()),
        ];
        if (email is not null)
        {
            claims.Add(new(SaasClaims.Email, email));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleRegistration.Scheme, SaasClaims.Subject, SaasClaims.Role));
    }

    private Task AuditFailureAsync(HttpContext context, string name, string client, string reason, CancellationToken ct)
    {
        var recorded = Bounded(name);
        return audit.RecordAsync(new StaffMember("anonymous", null, "none", "console"), context, "console.sign_in_failed", "staff",
            recorded, null, new { username = recorded, truncated = recorded.Length < name.Length, client, reason }, ct);
    }

    /// <summary>At most <see cref="MaxRecordedNameLength"/> characters, cut before a split surrogate pair.</summary>
    public static string Bounded(string name)
    {
        if (name.Length <= MaxRecordedNameLength)
        {
            return name;
        }

        var cut = char.IsHighSurrogate(name[MaxRecordedNameLength - 1]) ? MaxRecordedNameLength - 1 : MaxRecordedNameLength;
        return name[..cut];
    }
}
