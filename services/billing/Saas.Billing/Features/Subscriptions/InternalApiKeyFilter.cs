using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Saas.ServiceDefaults.Errors;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>
/// <c>/internal/**</c> is for other services (admin) on the private network; the gateway never routes it. With
/// <c>Billing:InternalApiKey</c> set, callers must also send it in <c>X-Internal-Api-Key</c> (as identity does).
/// </summary>
public sealed class InternalApiKeyFilter(IOptions<InternalApiOptions> options) : IEndpointFilter
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

public sealed class InternalApiOptions
{
    public const string SectionName = "Billing";

    /// <summary>Optional shared key for <c>/internal/billing/**</c>.</summary>
    public string? InternalApiKey { get; set; }
}
