using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saas.AppHost.Tests.Support;

/// <summary>Reads the dashboard API's JSON as the pages do: by the field names of the contract.</summary>
public static class Json
{
    public static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public static JsonArray Array(this JsonNode node) => node.AsArray();

    public static string? Str(this JsonNode? node, string name) => node?[name]?.GetValueKind() == JsonValueKind.String ? node[name]!.GetValue<string>() : null;

    public static double Num(this JsonNode? node, string name) => node![name]!.GetValue<double>();
}
