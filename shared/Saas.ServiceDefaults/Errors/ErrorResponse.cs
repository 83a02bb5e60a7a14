using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Saas.ServiceDefaults.Errors;

/// <summary>saasbackend's failure body, <c>{ "error": "..." }</c>, which its front ends read as <c>data.error</c>.</summary>
public sealed record ErrorResponse(string Error, string? Field = null);

/// <summary>Results in saasbackend's error shape, for routes that seed 000 defines.</summary>
public static class ErrorResults
{
    /// <summary>A failure with <paramref name="statusCode"/> and <c>{ error, field? }</c>.</summary>
    public static JsonHttpResult<ErrorResponse> Error(int statusCode, string message, string? field = null) =>
        TypedResults.Json(new ErrorResponse(message, field), statusCode: statusCode);

    /// <summary>400 naming the field at fault.</summary>
    public static JsonHttpResult<ErrorResponse> BadRequest(string message, string? field = null) =>
        Error(StatusCodes.Status400BadRequest, message, field);

    /// <summary>401 for a missing, invalid or expired access token.</summary>
    public static JsonHttpResult<ErrorResponse> Unauthorized(string message = "Authentication required") =>
        Error(StatusCodes.Status401Unauthorized, message);
}
