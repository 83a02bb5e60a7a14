using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Saas.Gateway.RequestLimits;

/// <summary>
/// Caps request bodies at <see cref="GatewayOptions.MaxRequestBodyBytes"/> before they are forwarded,
/// answering 413 ProblemDetails whose <c>error</c> is "Request body too large".
/// </summary>
public static class RequestBodyLimit
{
    public const string Message = "Request body too large";

    public static IServiceCollection AddRequestBodyLimit(this IServiceCollection services) =>
        services.AddSingleton<RequestBodyLimitMiddleware>();

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestBodyLimitMiddleware>();
}

internal sealed class RequestBodyLimitMiddleware(IOptions<GatewayOptions> options) : IMiddleware
{
    // A request that cannot have a body (a GET without Content-Length or chunking) has nothing to limit: it passes
    // straight through, without an async state machine per request.
    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false } ? next(context) : LimitAsync(context, next);

    private async Task LimitAsync(HttpContext context, RequestDelegate next)
    {
        var max = options.Value.MaxRequestBodyBytes;

        // A declared length is checked up front, so nothing is sent to the service.
        if (context.Request.ContentLength > max)
        {
            await GatewayErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, RequestBodyLimit.Message);
            return;
        }

        // A chunked body is cut off by the server once it passes the limit (Kestrel enforces this feature).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        await next(context);

        // YARP answers a body cut off mid-stream with a bare 413; give it the same body as above. (A service's
        // own 413 has no forwarder error and passes through untouched.)
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted &&
            context.GetForwarderErrorFeature() is not null)
        {
            await GatewayErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, RequestBodyLimit.Message);
        }
    }
}
