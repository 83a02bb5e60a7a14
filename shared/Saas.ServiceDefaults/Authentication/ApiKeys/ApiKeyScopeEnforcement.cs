using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Saas.ServiceDefaults.Errors;

namespace Saas.ServiceDefaults.Authentication.ApiKeys;

/// <summary>
/// Runs after every authorization decision: a request authenticated by an API key passes only on a route that allows
/// one of the key's scopes (<see cref="AllowApiKeyMetadata"/>). Placed here rather than in each policy so that every
/// policy — the default one, role policies, policies added later — is closed to keys unless the route opts in.
/// </summary>
internal sealed class ApiKeyScopeEnforcement : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded && context.User.GetApiKeyId() is not null)
        {
            var allowed = context.GetEndpoint()?.Metadata.GetOrderedMetadata<AllowApiKeyMetadata>() ?? [];
            if (!allowed.Any(a => context.User.HasClaim(ApiKeyClaims.Scope, a.Scope)))
            {
                var message = allowed.Count == 0
                    ? "This route does not accept API keys; sign in instead"
                    : $"This API key lacks the scope this route needs ({string.Join(" or ", allowed.Select(a => a.Scope))})";
                return ErrorResults.Error(StatusCodes.Status403Forbidden, message).ExecuteAsync(context);
            }
        }

        return inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
