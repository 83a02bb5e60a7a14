using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Features.Staff;

/// <summary>
/// <c>/internal/**</c> is for other services (admin) on the private network; the gateway never routes it.
/// With <c>Identity:InternalApiKey</c> set, callers must also present the key, so reaching the network is not enough.
/// </summary>
internal sealed class InternalApiKeyFilter(IOptions<AccountOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Internal-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.InternalApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return await next(context);
        }

        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected))
            ? await next(context)
            : ErrorResults.Unauthorized("Internal API key required");
    }
}
