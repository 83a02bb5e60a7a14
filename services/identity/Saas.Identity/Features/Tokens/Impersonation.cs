using System.Security.Claims;
using System.Text.Json;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Tokens;

/// <summary>
/// An impersonation token (RFC 8693 <c>act</c> claim) lets staff see and do what the user does day to day, never
/// what would hand them the account: e-mail, password, deletion. Whatever it does is logged naming the staff member.
/// </summary>
public static class Impersonation
{
    public static bool IsImpersonation(this ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == SaasClaims.Actor);

    /// <summary>The staff member acting as the user (the <c>act</c> claim's <c>sub</c>), or null on the user's own token.</summary>
    public static string? Actor(this ClaimsPrincipal principal)
    {
        if (principal.FindFirst(SaasClaims.Actor)?.Value is not { Length: > 0 } act)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(act);
            return json.RootElement.TryGetProperty(SaasClaims.Subject, out var sub) ? sub.GetString() ?? "unknown" : "unknown";
        }
        catch (JsonException)
        {
            return act;
        }
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(string what, string? field = null) =>
        ErrorResults.Error(StatusCodes.Status403Forbidden, $"{what} cannot be done while impersonating", field);
}
