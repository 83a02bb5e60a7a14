using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Saas.Admin.Features.Staff;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Http;

/// <summary>
/// Caps request bodies at <see cref="AdminOptions.MaxRequestBodyBytes"/>: 413 ProblemDetails (<c>error</c>: "Request body too large")
/// before anything is read, audited or sent downstream. The gateway caps bodies too (1 MB); this holds for a caller
/// inside the cluster and keeps a staff action from forwarding a huge body to identity, billing or webhooks.
/// </summary>
public static class RequestBodyLimit
{
    public const string Message = "Request body too large";

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var max = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > max)
        {
            await ErrorResults.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Message);
            return;
        }

        // A chunked body is cut off by Kestrel once it passes the limit (BadHttpRequestException → 413 ProblemDetails).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        await next(context);
    });
}
