using System.Text.Json;
using System.Text.RegularExpressions;

namespace Saas.Testing.BadInput;

/// <summary>One operation of a service's OpenAPI document, as the bad-input walk needs it.</summary>
/// <param name="QueryParameters">Query parameters with a typed schema (name → <c>integer</c>, <c>number</c>, <c>boolean</c>, …).</param>
public sealed partial record OpenApiOperation(string Method, string Path, bool HasBody, IReadOnlyDictionary<string, string> QueryParameters)
{
    public string Key => $"{Method} {Path}";

    /// <summary>The response statuses the document lists for the operation.</summary>
    public IReadOnlySet<int> Statuses { get; init; } = new HashSet<int>();

    /// <summary>The path with an id that exists nowhere in every parameter: a request must fail on its input, never on a lucky match.</summary>
    public string ConcretePath => Parameter().Replace(Path, "000000000000000000000000");

    /// <summary>Every operation of the document at <paramref name="documentPath"/>.</summary>
    public static async Task<IReadOnlyList<OpenApiOperation>> ReadAllAsync(HttpClient client, string documentPath = "/openapi/v1.json")
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(documentPath));
        var operations = new List<OpenApiOperation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var query = new Dictionary<string, string>(StringComparer.Ordinal);
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
                    {
                        query[parameter.GetProperty("name").GetString()!] = SchemaType(parameter);
                    }
                }

                var statuses = operation.Value.TryGetProperty("responses", out var responses)
                    ? responses.EnumerateObject().Select(r => int.TryParse(r.Name, out var status) ? status : 0).ToHashSet()
                    : [];
                operations.Add(new(operation.Name.ToUpperInvariant(), path.Name, operation.Value.TryGetProperty("requestBody", out _), query)
                {
                    Statuses = statuses,
                });
            }
        }

        return operations;
    }

    private static string SchemaType(JsonElement parameter) =>
        parameter.TryGetProperty("schema", out var schema) && schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? string.Join(",", type.EnumerateArray().Select(t => t.GetString())) : type.GetString() ?? ""
            : "";

    [GeneratedRegex("{[^}]+}")]
    private static partial Regex Parameter();
}
