using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Saas.ServiceDefaults.Errors;

namespace Saas.ServiceDefaults.Authentication;

/// <summary>
/// JwtBearer events: accept saasbackend's tokens while opted in (see <see cref="LegacyAccessTokens"/>), fetch keys for
/// a rotated <c>kid</c> before validating, and answer failures in saasbackend's shape.
/// </summary>
internal static class JwtErrorEvents
{
    public const string MissingToken = "Authentication required";
    public const string InvalidToken = "Invalid or expired token";

    public static JwtBearerEvents Create(SigningKeyCache keys, LegacyAccessTokens? legacy, ValidatedTokenCache validated) => new()
    {
        OnMessageReceived = async context =>
        {
            if (legacy is not null && BearerTokenOf(context.Request) is { } token)
            {
                var (outcome, principal) = legacy.Validate(token);
                if (outcome == LegacyAccessTokens.Outcome.Accepted)
                {
                    context.Principal = principal;
                    context.Success();
                    return;
                }

                if (outcome == LegacyAccessTokens.Outcome.Refused)
                {
                    context.Fail("The saasbackend access token is not accepted");
                    return;
                }
            }

            // A token validated before: JwtBearer gets the cache's own string of it instead of copying one out of the
            // header (1.5 KB a request); its validation then runs as usual (lifetime, key in force, session check).
            var presented = BearerTokenSpanOf(context.Request);
            if (!presented.IsEmpty && validated.TryGetText(presented, out var known))
            {
                context.Token = known;
            }
            else if (KeyIdOf(presented) is { } keyId)
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

    private static string? BearerTokenOf(HttpRequest request) =>
        BearerTokenSpanOf(request) is { Length: > 0 } token ? token.ToString() : null;

    // A view into the header, not a copy: on the hot path (a token validated before) the 1.5 KB token string that
    // JwtBearer itself makes is the only copy.
    private static ReadOnlySpan<char> BearerTokenSpanOf(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        var header = values.Count == 1 ? values[0].AsSpan() : values.ToString().AsSpan();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length <= 8192
            ? header["Bearer ".Length..].Trim()
            : [];
    }

    // Only the header is read (no validation): it tells which key the signature claims to use. Not asked for a token
    // validated before: it had a known key then; if that key has gone since, the full validation refreshes the keys.
    private static string? KeyIdOf(ReadOnlySpan<char> presented)
    {
        if (presented.IsEmpty)
        {
            return null;
        }

        try
        {
            var token = new JsonWebToken(presented.ToString());
            return string.IsNullOrEmpty(token.Kid) ? null : token.Kid;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return null;
        }
    }
}
