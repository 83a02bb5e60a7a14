using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Configuration;
using Saas.ServiceDefaults.Security;

namespace Saas.Admin.Features.Staff;

/// <summary>
/// Staff are either the Basic operator account or users whose access token carries role <c>admin</c> or
/// <c>support</c>. One policy scheme picks Basic or Bearer by the Authorization header.
/// </summary>
public static class StaffAuthentication
{
    public const string Scheme = "Staff";

    /// <summary>Only <c>admin</c>.</summary>
    public const string AdminPolicy = "staff-admin";

    /// <summary><c>admin</c> or <c>support</c>: reading users and webhook events, replaying events.</summary>
    public const string SupportPolicy = "staff-support";

    public static IHostApplicationBuilder AddStaffAuthentication(this IHostApplicationBuilder builder)
    {
        // Outside Development the downstream keys must be there: without them every staff action fails with 401.
        builder.Services.AddValidatedOptions<AdminOptions>(AdminOptions.SectionName)
            .RequireInternalApiKeyOutsideDevelopment("Admin:IdentityApiKey", o => o.IdentityApiKey)
            .RequireInternalApiKeyOutsideDevelopment("Admin:BillingApiKey", o => o.BillingApiKey)
            .RequireInternalApiKeyOutsideDevelopment("Admin:WebhooksApiKey", o => o.WebhooksApiKey);
        builder.Services.AddSingleton<StaffSignInLockout>();
        // The sign-in throttle counts per client: believe the gateway's X-Forwarded-For (and -Proto, for Secure cookies).
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AdminOptions>>((o, admin) =>
        {
            o.Trust(admin.Value.TrustedProxies, keepLoopback: true);
            o.ForwardedHeaders |= ForwardedHeaders.XForwardedProto;
        });
        builder.AddJwtValidation();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(Scheme, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : BasicAuthenticationHandler.SchemeName);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => Staff(p).RequireRole(SaasRoles.Admin))
            .AddPolicy(SupportPolicy, p => Staff(p).RequireRole(SaasRoles.Admin, SaasRoles.Support));
        return builder;
    }

    // An impersonation token (with `act`) is the user's, never staff's, even if that user is staff.
    private static Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder Staff(
        Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
            .RequireAssertion(c => !c.User.HasClaim(claim => claim.Type == SaasClaims.Actor));
}

/// <summary>Who is acting, as the audit log and downstream services record it.</summary>
public sealed record StaffMember(string Id, string? Email, string Role, string Method)
{
    /// <summary>What downstream services store as the requester / impersonating staff member.</summary>
    public string Label => Email is { Length: > 0 } email ? $"{email} ({Id})" : Id;

    /// <summary>Claim naming how a console session was signed in (<c>console-basic</c>, <c>console-password</c>).</summary>
    public const string MethodClaim = "saas_admin_method";

    public static StaffMember From(ClaimsPrincipal principal) => new(
        principal.GetUserId() ?? "unknown",
        principal.FindFirst(SaasClaims.Email)?.Value,
        principal.IsInRole(SaasRoles.Admin) ? SaasRoles.Admin : SaasRoles.Support,
        principal.FindFirst(MethodClaim)?.Value
            ?? (principal.Identity?.AuthenticationType == BasicAuthenticationHandler.SchemeName ? "basic" : "jwt"));
}
