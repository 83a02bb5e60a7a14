using Microsoft.AspNetCore.Mvc;

namespace Saas.Gateway;

/// <summary>Errors the gateway answers itself, in the shape saasbackend clients read: <c>{ "error": "..." }</c>.</summary>
public static class GatewayErrors
{
    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();

        // The title becomes the `error` member (ServiceDefaults' customisation), next to status and request id.
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = message },
        });

        if (!written)
        {
            // The client's Accept header ruled out problem+json: still give it the one member it reads.
            await context.Response.WriteAsJsonAsync(new { error = message });
        }
    }
}
