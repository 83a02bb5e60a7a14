using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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

    public static AdminResult Fail(int statusCode, string error, string? field = null) => new(statusCode, null, error, field);

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

        var failure = new AdminResult(response.StatusCode, response.Body);
        return failure with
        {
            Error = failure.String(ErrorResults.ErrorMember) ?? $"The {response.Service} service answered {response.StatusCode}",
            Field = failure.String(ErrorResults.FieldMember),
        };
    }

    /// <summary>
    /// The API's answer: the body as it is on success (200, or another 2xx such as 202), ProblemDetails on failure.
    /// A downstream problem keeps its own members (a usage limit's figures, say) next to <c>error</c> and <c>field</c>.
    /// </summary>
    public Results<Ok<JsonElement?>, JsonHttpResult<JsonElement?>, ProblemHttpResult> ToHttpResult() =>
        (IsSuccess, StatusCode) switch
        {
            (true, StatusCodes.Status200OK) => TypedResults.Ok(Body),
            (true, _) => TypedResults.Json(Body, statusCode: StatusCode),
            _ => ToProblem(),
        };

    /// <summary>The failure as ProblemDetails (for a handler whose success is not this result's body).</summary>
    public ProblemHttpResult ToProblem() =>
        ErrorResults.Error(StatusCode, Error ?? String(ErrorResults.ErrorMember) ?? $"The action failed ({StatusCode})", Field, CarriedMembers());

    private static readonly HashSet<string> ProblemMembers =
        ["type", "title", "status", "detail", "instance", ErrorResults.ErrorMember, ErrorResults.FieldMember, "requestId", "traceId"];

    private IEnumerable<KeyValuePair<string, object?>> CarriedMembers() =>
        Body is { ValueKind: JsonValueKind.Object } body
            ? body.EnumerateObject().Where(p => !ProblemMembers.Contains(p.Name)).Select(p => KeyValuePair.Create(p.Name, (object?)p.Value.Clone()))
            : [];

    /// <summary>A string member of the body, or null.</summary>
    public string? String(string member) =>
        Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
