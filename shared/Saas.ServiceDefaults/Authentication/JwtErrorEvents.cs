using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Saas.ServiceDefaults.Errors;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>JwtBearer events: fetch keys for a rotated <c>kid</c> before validating, and answer failures in saasbackend's shape.</summary>
internal static class JwtErrorEvents
{
    public const string MissingToken = "Authentication required";
    public const string InvalidToken = "Invalid or expired token";

    public static JwtBearerEvents Create(SigningKeyCache keys, ValidatedTokenCache validated) => new()
    {
        OnMessageReceived = async context =>
        {
            if (KeyIdOf(context.Request, validated) is { } keyId)
            {
                await keys.EnsureKeyAsync(keyId, context.HttpContext.RequestAborted);
            }
        },
        // An empty 401 would leave a saasbackend front end (which reads data.error) with nothing to show.
        OnChallenge = async context =>
        {
            context.HandleResponse();
            context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
                ? "Bearer"
                : "Bearer error=\"invalid_token\"";
            var message = context.AuthenticateFailure is null && !context.Request.Headers.Authorization.Any()
                ? MissingToken
                : InvalidToken;
            await ErrorResults.Unauthorized(message).ExecuteAsync(context.HttpContext);
        },
        OnForbidden = context =>
            ErrorResults.Error(StatusCodes.Status403Forbidden, "Forbidden").ExecuteAsync(context.HttpContext),
    };

    // Only the header is read (no validation): it tells which key the signature claims to use. A token validated
    // before had a known key then; if that key has gone since, the full validation refreshes the keys itself.
    private static string? KeyIdOf(HttpRequest request, ValidatedTokenCache validated)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 8192)
        {
            return null;
        }

        try
        {
            if (validated.Contains(header.AsSpan("Bearer ".Length).Trim()))
            {
                return null;
            }

            var token = new JsonWebToken(header["Bearer ".Length..].Trim());
            return string.IsNullOrEmpty(token.Kid) ? null : token.Kid;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return null;
        }
    }
}
