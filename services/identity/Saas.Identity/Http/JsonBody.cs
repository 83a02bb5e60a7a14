using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.ServiceDefaults.Errors;

namespace Saas.Identity.Http;

/// <summary>
/// A request's JSON object, read by hand instead of by model binding: every way a body can be wrong (too big,
/// not JSON, not an object, a field missing or of the wrong type) becomes saasbackend's <c>{ error, field }</c>
/// 400/413 instead of an exception, and the first problem found is the one reported.
/// </summary>
internal sealed class JsonBody
{
    private const int MaxDepth = 16;
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private readonly JsonElement root;

    private JsonBody(JsonElement root, ProblemHttpResult? error)
    {
        this.root = root;
        Error = error;
    }

    /// <summary>The first problem with the body or its fields, once any was found.</summary>
    public ProblemHttpResult? Error { get; private set; }

    public JsonElement Root => root;

    public static async Task<JsonBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return Failed(TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return Failed(TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        // saasbackend (express.json) treats a missing body as {}: the fields then report themselves missing.
        if (buffer.Length == 0)
        {
            return new JsonBody(EmptyObject, null);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = MaxDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new JsonBody(document.RootElement.Clone(), null)
                : Failed(ErrorResults.BadRequest("Request body must be a JSON object"));
        }
        catch (JsonException)
        {
            return Failed(ErrorResults.BadRequest("Malformed JSON in request body"));
        }
    }

    /// <summary>A string field; records an error when it is required and missing, or present with another type.</summary>
    public string? String(string name, bool required = true, int maxLength = 1024)
    {
        if (!Present(name, out var value))
        {
            return required ? Fail($"{name} is required", name) : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail($"{name} must be a string", name);
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            return Fail($"{name} is required", name);
        }

        return text.Length > maxLength ? Fail($"{name} must be at most {maxLength} characters", name) : text;
    }

    /// <summary>An optional object field.</summary>
    public JsonElement? Object(string name)
    {
        if (!Present(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : Fail<JsonElement?>($"{name} must be an object", name);
    }

    /// <summary>A required array of strings.</summary>
    public IReadOnlyList<string>? Strings(string name)
    {
        if (!Present(name, out var value))
        {
            return Fail<IReadOnlyList<string>?>($"{name} is required", name);
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return Fail<IReadOnlyList<string>?>($"{name} must be an array of strings", name);
        }

        return [.. value.EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>Records <paramref name="message"/> as the error unless an earlier one was found.</summary>
    public T? Fail<T>(string message, string field)
    {
        Error ??= ErrorResults.BadRequest(message, field);
        return default;
    }

    private string? Fail(string message, string field) => Fail<string>(message, field);

    // JSON null counts as absent, as it does for saasbackend's `if (!req.body.name)` checks.
    private bool Present(string name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static JsonBody Failed(ProblemHttpResult error) => new(EmptyObject, error);

    private static ProblemHttpResult TooLarge() =>
        ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, "Request body too large");
}
