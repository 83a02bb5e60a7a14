using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Saas.ServiceDefaults.Errors;

namespace Saas.ServiceDefaults.Security;

/// <summary>
/// <c>/internal/**</c> routes are for other services (admin) on the private network; the gateway never routes them.
/// With a key configured, callers must also present it, so reaching the network is not enough.
/// </summary>
public static class InternalApiKeyExtensions
{
    /// <summary>The header carrying the key.</summary>
    public const string HeaderName = "X-Internal-Api-Key";

    /// <summary>
    /// Requires <see cref="HeaderName"/> to equal the key <paramref name="expectedKey"/> returns (compared in constant
    /// time); answers 401 <c>{ error }</c> otherwise. No key configured (null or empty) means no check.
    /// </summary>
    public static TBuilder RequireInternalApiKey<TBuilder>(this TBuilder builder, Func<IServiceProvider, string?> expectedKey)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var expected = expectedKey(context.HttpContext.RequestServices);
            if (string.IsNullOrEmpty(expected))
            {
                return await next(context);
            }

            var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected))
                ? await next(context)
                : ErrorResults.Unauthorized("Internal API key required");
        });
}
