using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.ServiceDefaults.Errors;

/// <summary>
/// The one rule for error bodies: every 4xx/5xx is RFC 9457 ProblemDetails (<c>application/problem+json</c>:
/// <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>) carrying an <c>error</c> member (the human message, which
/// saasbackend's front ends read as <c>data.error</c>) and, when one field is at fault, a <c>field</c> member (its JSON
/// name). Handlers return these results; middleware writes the same body with <see cref="WriteAsync"/>.
/// </summary>
public static class ErrorResults
{
    /// <summary>The member holding the human message (seed 000's <c>error</c>).</summary>
    public const string ErrorMember = "error";

    /// <summary>The member naming the field at fault.</summary>
    public const string FieldMember = "field";

    /// <summary>The ProblemDetails for a failure: <paramref name="message"/> as detail and <c>error</c>, plus <c>field</c> and any <paramref name="extensions"/>.</summary>
    public static ProblemDetails Problem(
        int statusCode, string message, string? field = null, IEnumerable<KeyValuePair<string, object?>>? extensions = null)
    {
        var problem = new ProblemDetails { Status = statusCode, Detail = message };
        problem.Extensions[ErrorMember] = message;
        if (field is not null)
        {
            problem.Extensions[FieldMember] = field;
        }

        foreach (var (name, value) in extensions ?? [])
        {
            problem.Extensions.TryAdd(name, value);
        }

        return problem;
    }

    /// <summary>
    /// RFC 9457's <c>type</c> for a problem with no page of its own: the status says it all. ASP.NET Core links the
    /// statuses RFC 9110 defines; 410, 413, 429 and the like would otherwise go without a <c>type</c>.
    /// </summary>
    public const string AboutBlank = "about:blank";

    /// <summary>A failure with <paramref name="statusCode"/>; <c>type</c> and <c>title</c> come from the status code.</summary>
    public static ProblemHttpResult Error(
        int statusCode, string message, string? field = null, IEnumerable<KeyValuePair<string, object?>>? extensions = null)
    {
        var problem = Problem(statusCode, message, field, extensions);
        var result = TypedResults.Problem(problem); // fills type and title from the status where ASP.NET Core knows one
        problem.Type ??= AboutBlank;
        return result;
    }

    /// <summary>400 naming the field at fault.</summary>
    public static ProblemHttpResult BadRequest(string message, string? field = null) =>
        Error(StatusCodes.Status400BadRequest, message, field);

    /// <summary>401 for a missing, invalid or expired credential.</summary>
    public static ProblemHttpResult Unauthorized(string message = "Authentication required") =>
        Error(StatusCodes.Status401Unauthorized, message);

    /// <summary>403: signed in, but not allowed to do this.</summary>
    public static ProblemHttpResult Forbidden(string message, string? field = null) =>
        Error(StatusCodes.Status403Forbidden, message, field);

    /// <summary>404 for the thing the route names.</summary>
    public static ProblemHttpResult NotFound(string message, string? field = null) =>
        Error(StatusCodes.Status404NotFound, message, field);

    /// <summary>409: the request fights the current state.</summary>
    public static ProblemHttpResult Conflict(string message, string? field = null) =>
        Error(StatusCodes.Status409Conflict, message, field);

    /// <summary>
    /// Writes the same body from middleware (the gateway's refusals, a body limit, an authentication handler). A
    /// client whose <c>Accept</c> rules out JSON still gets problem+json: one shape, whatever was asked for.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, string message, string? field = null)
    {
        var problem = Problem(statusCode, message, field);
        context.Response.StatusCode = statusCode;
        var service = context.RequestServices.GetService<IProblemDetailsService>();
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await Error(statusCode, message, field).ExecuteAsync(context);
        }
    }
}
