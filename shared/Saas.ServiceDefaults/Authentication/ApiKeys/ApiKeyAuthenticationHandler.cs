using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Errors;

namespace Saas.ServiceDefaults.Authentication.ApiKeys;

/// <summary>
/// Authenticates <c>X-Api-Key: sk_…</c> or <c>Authorization: Bearer sk_…</c> as the key's owner, with its scopes as
/// claims. Unknown or revoked keys answer 401 <c>{ error }</c>; a key on a route its scopes do not open answers 403.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string UnavailableItem = "saas-api-key-unavailable";

    /// <summary>The key a request carries, if it carries one (either header).</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[HeaderName].ToString() is { Length: > 0 } header)
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer " + ApiKeyFormat.Prefix, StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyFormat.LooksLikeKey(key))
        {
            return AuthenticateResult.Fail("Malformed API key");
        }

        VerifiedApiKey? verified;
        try
        {
            verified = await verifier.VerifyAsync(ApiKeyFormat.Hash(key), Context.RequestAborted);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException
                                       && !Context.RequestAborted.IsCancellationRequested)
        {
            Logger.LogWarning("API keys cannot be checked: {Reason}", ex.GetBaseException().Message);
            Context.Items[UnavailableItem] = true;
            return AuthenticateResult.Fail("API keys cannot be checked right now");
        }

        if (verified is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key");
        }

        var claims = new List<Claim> { new(SaasClaims.Subject, verified.UserId), new(ApiKeyClaims.KeyId, verified.KeyId) };
        claims.AddRange(verified.Scopes.Select(s => new Claim(ApiKeyClaims.Scope, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, SaasClaims.Subject, SaasClaims.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.Items.ContainsKey(UnavailableItem)
            ? ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, "API keys cannot be checked right now; try again shortly").ExecuteAsync(Context)
            : ErrorResults.Unauthorized("Invalid or revoked API key").ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResults.Error(StatusCodes.Status403Forbidden, "This API key's scopes do not allow this route").ExecuteAsync(Context);
}
