using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Features.Staff;

/// <summary>
/// saasbackend's HTTP Basic staff sign-in against <c>Admin:Username</c>/<c>Admin:Password</c>: compared in
/// constant time over SHA-256 hashes (equal lengths, so neither content nor length leaks), throttled per IP.
/// A Basic sign-in is the operator account and holds the <c>admin</c> role.
/// </summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    IOptionsMonitor<AdminOptions> admin, StaffSignInLockout throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Basic";
    private const string ThrottledKey = "saas-admin-throttled";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var client = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.RetryAfter(client) is { } wait)
        {
            Context.Items[ThrottledKey] = wait;
            return Task.FromResult(AuthenticateResult.Fail("Too many failed sign-in attempts"));
        }

        var settings = admin.CurrentValue;
        if (!settings.BasicEnabled || Decode(header) is not var (user, password) || !Matches(user, password, settings))
        {
            throttle.RecordFailure(client);
            Logger.LogWarning("Rejected Basic sign-in for admin from {Client}", client);
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin credentials"));
        }

        throttle.Reset(client);
        var identity = new ClaimsIdentity(
            [new Claim(SaasClaims.Subject, $"basic:{user}"), new Claim(SaasClaims.Role, SaasRoles.Admin)],
            SchemeName, SaasClaims.Subject, SaasClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledKey] is TimeSpan wait)
        {
            Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await ErrorResults.Error(StatusCodes.Status429TooManyRequests, "Too many failed sign-in attempts; try again later")
                .ExecuteAsync(Context);
            return;
        }

        Response.Headers.WWWAuthenticate = "Basic realm=\"Saas admin\", charset=\"UTF-8\"";
        await ErrorResults.Unauthorized(Request.Headers.Authorization.Count == 0 ? "Authentication required" : "Invalid admin credentials")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResults.Error(StatusCodes.Status403Forbidden, "Forbidden").ExecuteAsync(Context);

    private static (string User, string Password)? Decode(string header)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = text.IndexOf(':');
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="user"/>/<paramref name="password"/> are the operator's, in constant time (the console's sign-in uses it too).</summary>
    public static bool Matches(string user, string password, AdminOptions settings) =>
        // Non-short-circuit &: both comparisons always run.
        Same(user, settings.Username!) & Same(password, settings.Password!);

    private static bool Same(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
