using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;

namespace Saas.ServiceDefaults.Errors;

/// <summary>
/// Lists, in every service's OpenAPI document, the problem responses an operation can answer besides the ones its
/// typed <c>Results&lt;…&gt;</c> and <c>ProducesProblem</c> name. Handlers return <c>ProblemHttpResult</c>, whose status
/// the type does not carry, so the statuses every operation of a kind answers come from its endpoint metadata here, in
/// one place: 400 when it binds anything from the request (the exception handler answers a value that does not bind),
/// 413 and 415 when it reads a body, 401 when it requires a signed-in caller, 403 when a policy or role decides too, 404 when the path names a resource,
/// 429 when it is rate limited. What only some handlers answer (409, 403 for a member's role, 410, 413, 502, 503) is
/// declared on their endpoint or group with <c>ProducesProblem</c>. Every 4xx/5xx response is then
/// <c>application/problem+json</c> with the <see cref="ProblemDetails"/> schema, which
/// <see cref="ProblemSchema"/> completes with <c>error</c> and <c>field</c>; an empty typed 4xx (<c>NotFound</c>) gets
/// that body too, as <c>UseStatusCodePages</c> writes it.
/// </summary>
internal sealed class ProblemResponses : IApiDescriptionProvider
{
    // Minimal APIs register no model metadata provider; the response's type is all the OpenAPI generator reads.
    private static readonly ModelMetadata ProblemMetadata = new EmptyModelMetadataProvider().GetMetadataForType(typeof(ProblemDetails));

    public const string ContentType = "application/problem+json";

    /// <summary>Any: the work is done in <see cref="OnProvidersExecuted"/>, after every provider made its descriptions.</summary>
    public int Order => 1000;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results)
        {
            foreach (var status in StatusesOf(description))
            {
                if (description.SupportedResponseTypes.All(r => r.StatusCode != status))
                {
                    description.SupportedResponseTypes.Add(new ApiResponseType { StatusCode = status });
                }
            }

            foreach (var response in description.SupportedResponseTypes.Where(r => r.StatusCode >= 400))
            {
                response.Type = typeof(ProblemDetails);
                response.ModelMetadata = ProblemMetadata;
                response.IsDefaultResponse = false;
                response.ApiResponseFormats = [new ApiResponseFormat { MediaType = ContentType }];
            }
        }
    }

    /// <summary>The problem statuses every operation like <paramref name="description"/> answers.</summary>
    public static IEnumerable<int> StatusesOf(ApiDescription description)
    {
        var endpoint = description.ActionDescriptor.EndpointMetadata;
        if (ReadsBody(description) || description.ParameterDescriptions.Any(p => p.Source != BindingSource.Services && p.Source != BindingSource.Special))
        {
            yield return StatusCodes.Status400BadRequest;
        }

        if (ReadsBody(description))
        {
            // The body limit and the content type are checked before the handler, for every operation that reads one.
            yield return StatusCodes.Status413PayloadTooLarge;
            yield return StatusCodes.Status415UnsupportedMediaType;
        }

        var authorization = endpoint.OfType<IAuthorizeData>().ToList();
        if (authorization.Count > 0 && !endpoint.OfType<IAllowAnonymous>().Any())
        {
            yield return StatusCodes.Status401Unauthorized;
            if (authorization.Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles)))
            {
                yield return StatusCodes.Status403Forbidden;
            }
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
        {
            yield return StatusCodes.Status404NotFound;
        }

        if (endpoint.OfType<EnableRateLimitingAttribute>().Any())
        {
            yield return StatusCodes.Status429TooManyRequests;
        }
    }

    /// <summary>
    /// Binds a body, or takes the raw request on a method that carries one: identity's and webhooks' handlers read
    /// their JSON (or Stripe's signed payload) by hand and answer a bad or oversized body themselves.
    /// </summary>
    private static bool ReadsBody(ApiDescription description) =>
        description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body || p.Source == BindingSource.Form) ||
        (description.HttpMethod is "POST" or "PUT" or "PATCH" or "DELETE" &&
         description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault() is { } handler &&
         handler.GetParameters().Any(p => p.ParameterType == typeof(HttpContext) || p.ParameterType == typeof(HttpRequest)));
}
