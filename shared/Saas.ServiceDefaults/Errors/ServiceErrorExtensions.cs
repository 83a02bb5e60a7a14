using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saas.ServiceDefaults.Errors;

/// <summary>Every error a service returns is RFC 9457 ProblemDetails.</summary>
public static class ServiceErrorExtensions
{
    /// <summary>
    /// Adds ProblemDetails carrying the request id and trace id, plus the <c>error</c> member holding the message
    /// (and <c>field</c> for a validation failure), so every body follows <see cref="ErrorResults"/>' rule: status
    /// pages (404, 405, 415), exceptions and validation failures as well as handlers' own errors.
    /// </summary>
    public static IServiceCollection AddServiceErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
            {
                var (field, messages) = validation.Errors.First();
                problem.Extensions.TryAdd(ErrorResults.FieldMember, JsonNaming.CamelCase(field));
                problem.Extensions.TryAdd(ErrorResults.ErrorMember, messages.FirstOrDefault() ?? problem.Detail ?? problem.Title);
            }

            problem.Type ??= ErrorResults.AboutBlank;
            problem.Extensions.TryAdd(ErrorResults.ErrorMember, problem.Detail ?? problem.Title);
            problem.Extensions.TryAdd("requestId", context.HttpContext.TraceIdentifier);
            if (Activity.Current is { } activity)
            {
                problem.Extensions.TryAdd("traceId", activity.TraceId.ToString());
            }
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // Minimal APIs answer a body or parameter that does not bind with a bare 400 outside Development; thrown, it
        // reaches the handler below, which names the member at fault in the same ProblemDetails everywhere.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}

/// <summary>
/// Turns exceptions into ProblemDetails. Malformed requests become 400 with the parser's message;
/// anything else is a 500 whose detail never leaks the exception (it is logged with the request id).
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, (string?)null, bad.InnerException?.Message ?? bad.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                (StatusCodes.Status499ClientClosedRequest, "Client closed request", null),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred", null),
        };

        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for request {RequestId}", httpContext.TraceIdentifier);
        }

        // A body that does not bind names the member at fault (System.Text.Json's path, "$.email" → "email"); a query
        // or route parameter, the parameter.
        var field = exception switch
        {
            BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } path } } => JsonNaming.FieldOf(path),
            BadHttpRequestException bad => JsonNaming.ParameterOf(bad.Message),
            _ => null,
        };
        var problem = ErrorResults.Problem(status, detail ?? title ?? "Bad request", field);
        problem.Title = title;
        httpContext.Response.StatusCode = status;
        if (!await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem }))
        {
            // The client's Accept rules out JSON: answer the same problem+json rather than let the middleware rethrow
            // (a 400 would become a 500).
            var result = TypedResults.Problem(problem);
            problem.Type ??= ErrorResults.AboutBlank;
            await result.ExecuteAsync(httpContext);
        }

        return true;
    }
}
