using System.Security.Claims;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>The claims Saas access tokens carry (inbound claim mapping is off, so these are the names services see).</summary>
public static class SaasClaims
{
    /// <summary>The user id.</summary>
    public const string Subject = "sub";

    /// <summary>The user's e-mail address.</summary>
    public const string Email = "email";

    /// <summary>A staff role; one claim per role.</summary>
    public const string Role = "role";

    /// <summary>The session (refresh-token family) the token was issued for; absent on impersonation tokens.</summary>
    public const string SessionId = "sid";

    /// <summary>RFC 8693 actor: on an impersonation token, the staff member acting as the user (<c>{"sub": "..."}</c>).</summary>
    public const string Actor = "act";

    /// <summary>The token id.</summary>
    public const string TokenId = "jti";

    /// <summary>The user id of a validated principal, or <see langword="null"/>.</summary>
    public static string? GetUserId(this ClaimsPrincipal principal) => principal.FindFirst(Subject)?.Value;

    /// <summary>The session id of a validated principal, or <see langword="null"/>.</summary>
    public static string? GetSessionId(this ClaimsPrincipal principal) => principal.FindFirst(SessionId)?.Value;
}

/// <summary>Staff roles carried in <see cref="SaasClaims.Role"/>.</summary>
public static class SaasRoles
{
    /// <summary>Full staff access.</summary>
    public const string Admin = "admin";

    /// <summary>Read access and webhook replay for support staff.</summary>
    public const string Support = "support";

    /// <summary>Every role a user may hold.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Support];
}
