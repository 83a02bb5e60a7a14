using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Testing.OpenApi;

/// <summary>
/// A service's OpenAPI document read for its error responses: which statuses each operation lists, whether every error
/// response is <c>application/problem+json</c> with the ProblemDetails schema (with <c>error</c> and <c>field</c>), and
/// whether every status the service's endpoints declare (typed <c>Results&lt;…&gt;</c>, <c>ProducesProblem</c>) is listed.
/// </summary>
public sealed partial class ProblemResponsesDocument
{
    private readonly JsonElement root;

    private ProblemResponsesDocument(JsonElement root) => this.root = root;

    public static async Task<ProblemResponsesDocument> ReadAsync(HttpClient client, string documentPath = "/openapi/v1.json")
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(documentPath));
        return new ProblemResponsesDocument(document.RootElement.Clone());
    }

    /// <summary>The statuses listed for <paramref name="method"/> <paramref name="path"/>; empty when the document has no such operation.</summary>
    public HashSet<int> Statuses(string method, string path) =>
        Operation(method, path) is { } operation && operation.TryGetProperty("responses", out var responses)
            ? responses.EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet()
            : [];

    /// <summary>Every 4xx/5xx response that is not only problem+json with the ProblemDetails schema, as "METHOD path status: why".</summary>
    public IReadOnlyList<string> ErrorsNotInTheProblemShape()
    {
        var failures = new List<string>();
        foreach (var (key, operation) in Operations())
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                if (!response.Value.TryGetProperty("content", out var content) ||
                    content.EnumerateObject().Select(c => c.Name).ToList() is not ["application/problem+json"])
                {
                    failures.Add($"{key} {response.Name}: not (only) application/problem+json");
                    continue;
                }

                var schema = Resolve(content.GetProperty("application/problem+json").GetProperty("schema"));
                var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(m => m.Name).ToHashSet() : [];
                string[] expected = ["type", "title", "status", "detail", "error", "field"];
                if (expected.Where(m => !properties.Contains(m)).ToList() is { Count: > 0 } missing)
                {
                    failures.Add($"{key} {response.Name}: the schema lacks {string.Join(", ", missing)}");
                }
            }
        }

        return failures;
    }

    /// <summary>
    /// Every status an endpoint of <paramref name="services"/> declares in its metadata (its typed <c>Results&lt;…&gt;</c>
    /// put it there, or a <c>ProducesProblem</c>) that its operation in the document does not list.
    /// </summary>
    public IReadOnlyList<string> DeclaredStatusesNotListed(IServiceProvider services)
    {
        var failures = new List<string>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { HttpMethods: [var method] } ||
                endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                continue;
            }

            var path = "/" + Constraint().Replace(endpoint.RoutePattern.RawText?.TrimStart('/') ?? "", "{$1}");
            if (Operation(method, path) is null)
            {
                continue; // not an API operation (health, the document itself)
            }

            var listed = Statuses(method, path);
            foreach (var status in endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).Distinct())
            {
                if (!listed.Contains(status))
                {
                    failures.Add($"{method} {path}: declares {status}, the document lists {string.Join(", ", listed.Order())}");
                }
            }
        }

        return failures;
    }

    private IEnumerable<(string Key, JsonElement Operation)> Operations() =>
        root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => ($"{o.Name.ToUpperInvariant()} {path.Name}", o.Value)));

    private JsonElement? Operation(string method, string path) =>
        root.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var operation)
            ? operation
            : null;

    private JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } name && name.StartsWith("#/components/schemas/", StringComparison.Ordinal)
            ? root.GetProperty("components").GetProperty("schemas").GetProperty(name["#/components/schemas/".Length..])
            : schema;

    // {id:int}, {id?}, {*rest} → {id}, {rest}: the document's spelling of a route parameter.
    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Constraint();
}
