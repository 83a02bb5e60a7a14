using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Saas.Admin.Features.Audit;
using Saas.Admin.Features.Downstream;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Admin.Features.Console;

/// <summary>
/// Runs on every request carrying a console cookie: ends the session past its absolute lifetime, and every
/// <see cref="ConsoleSessionOptions.RevalidateInterval"/> checks the staffer again — the operator account against
/// the current Basic settings, a staff user against identity (deleted → ended; no staff role → ended; role changed →
/// the session carries the new role). If identity cannot answer, the session goes on and the next request asks again:
/// staff can still read and replay webhooks during an identity outage.
/// </summary>
public sealed class ConsoleSessionValidator(
    IOptionsMonitor<ConsoleSessionOptions> options, IOptionsMonitor<AdminOptions> admin, DownstreamApi api, AuditLog audit,
    TimeProvider time, ILogger<ConsoleSessionValidator> logger)
{
    /// <summary>Claim holding the sign-in time (unix seconds); sliding renewal rewrites the ticket's own issue time.</summary>
    public const string SignedInAtClaim = "saas_console_signed_in_at";

    private const string CheckedAtItem = ".saas.checked_at";

    public static Claim SignedInAt(DateTimeOffset now) =>
        new(SignedInAtClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    public static Task ValidateAsync(CookieValidatePrincipalContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<ConsoleSessionValidator>().CheckAsync(context);

    private async Task CheckAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var now = time.GetUtcNow();
        var settings = options.CurrentValue;
        if (!long.TryParse(principal.FindFirst(SignedInAtClaim)?.Value, out var signedIn) ||
            now - DateTimeOffset.FromUnixTimeSeconds(signedIn) >= settings.AbsoluteLifetime)
        {
            await EndAsync(context, "absolute_lifetime");
            return;
        }

        if (context.Properties.Items.TryGetValue(CheckedAtItem, out var text) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var checkedAt) &&
            now - checkedAt < settings.RevalidateInterval)
        {
            return;
        }

        var staff = StaffMember.From(principal);
        string? role;
        if (staff.Method == ConsoleSignIn.OperatorMethod)
        {
            var basic = admin.CurrentValue;
            role = basic.BasicEnabled && staff.Id == $"basic:{basic.Username}" ? SaasRoles.Admin : null;
        }
        else
        {
            var user = await api.GetAsync(ResourceNames.Identity, $"/internal/users/{Uri.EscapeDataString(staff.Id)}", context.HttpContext.RequestAborted);
            if (user.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                logger.LogWarning("Console session of {Staff} not rechecked: identity unavailable", staff.Id);
                return;
            }

            role = user.IsSuccess ? StaffRole(user.Body) : null;
        }

        if (role is null)
        {
            await EndAsync(context, staff.Method == ConsoleSignIn.OperatorMethod ? "operator_account_changed" : "staff_role_removed");
            return;
        }

        if (role != staff.Role)
        {
            var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != SaasClaims.Role), ConsoleRegistration.Scheme,
                SaasClaims.Subject, SaasClaims.Role);
            identity.AddClaim(new Claim(SaasClaims.Role, role));
            context.ReplacePrincipal(new ClaimsPrincipal(identity));
        }

        context.Properties.Items[CheckedAtItem] = now.ToString("o", CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }

    private static string? StaffRole(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } json || !json.TryGetProperty("user", out var user) ||
            !user.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var held = roles.EnumerateArray().Select(r => r.GetString()).ToHashSet();
        return held.Contains(SaasRoles.Admin) ? SaasRoles.Admin : held.Contains(SaasRoles.Support) ? SaasRoles.Support : null;
    }

    private async Task EndAsync(CookieValidatePrincipalContext context, string reason)
    {
        var staff = StaffMember.From(context.Principal!);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(ConsoleRegistration.Scheme);
        logger.LogInformation("Console session of {Staff} ended: {Reason}", staff.Id, reason);
        await audit.RecordAsync(staff, context.HttpContext, "console.session_ended", "staff", staff.Id, null, new { reason },
            context.HttpContext.RequestAborted);
    }
}
