using System.Text.Json;
using Saas.Admin.Features.Downstream;
using Saas.ServiceDefaults.Errors;

namespace Saas.Admin.Features.Downstream;

/// <summary>
/// What an admin action answered, in one shape for both front doors: the API turns it into an HTTP result, the
/// console into a page or a message. <see cref="Body"/> is the JSON the API sends; <see cref="Error"/> is set on failure.
/// </summary>
public sealed record AdminResult(int StatusCode, JsonElement? Body, string? Error = null, string? Field = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public static AdminResult Ok(object body, int statusCode = StatusCodes.Status200OK) =>
        new(statusCode, JsonSerializer.SerializeToElement(body, JsonSerializerOptions.Web));

    public static AdminResult Fail(int statusCode, string error, string? field = null) =>
        new(statusCode, JsonSerializer.SerializeToElement(new ErrorResponse(error, field), JsonSerializerOptions.Web), error, field);

    /// <summary>A downstream answer as it came; unavailable becomes 503 saying nothing was changed.</summary>
    public static AdminResult From(DownstreamResponse response)
    {
        if (response.IsSuccess)
        {
            return new(response.StatusCode, response.Body);
        }

        if (response.StatusCode == StatusCodes.Status503ServiceUnavailable || response.Body is null)
        {
            return Fail(StatusCodes.Status503ServiceUnavailable,
                $"The {response.Service} service is unavailable; nothing was changed. Try again shortly.");
        }

        var error = response.Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()
            : null;
        return new(response.StatusCode, response.Body, error ?? $"The {response.Service} service answered {response.StatusCode}");
    }

    public IResult ToHttpResult() => TypedResults.Json(Body, statusCode: StatusCode);

    /// <summary>A string member of the body, or null.</summary>
    public string? String(string member) =>
        Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
