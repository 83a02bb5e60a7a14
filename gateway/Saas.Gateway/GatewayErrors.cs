using Saas.ServiceDefaults.Errors;

namespace Saas.Gateway;

/// <summary>
/// Errors the gateway answers itself (rate limits, body limit, <c>/internal</c>, unknown routes), in the services' one
/// shape: ProblemDetails with saasbackend's <c>error</c> member.
/// </summary>
public static class GatewayErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message) =>
        ErrorResults.WriteAsync(context, status, message);
}
