using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Saas.Deploy.Tests;

/// <summary>YAML as plain object graphs: maps, lists and scalars (strings, numbers, booleans, null).</summary>
public static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithAttemptingUnquotedStringTypeDeserialization()
        .Build();

    /// <summary>Every document of a YAML stream, with anchors, aliases and merge keys (<c>&lt;&lt;</c>) resolved.</summary>
    public static List<Dictionary<string, object?>> LoadAll(string text)
    {
        var parser = new MergingParser(new Parser(new StringReader(text)));
        var documents = new List<Dictionary<string, object?>>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Normalize(Deserializer.Deserialize(parser)) is Dictionary<string, object?> map)
            {
                documents.Add(map);
            }
        }

        return documents;
    }

    public static Dictionary<string, object?> LoadFile(string path) =>
        LoadAll(File.ReadAllText(path)).Single();

    public static string ToJson(object? graph) => JsonSerializer.Serialize(graph);

    public static Dictionary<string, object?> Map(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is Dictionary<string, object?> child
            ? child
            : throw new KeyNotFoundException($"no map '{key}' in {{{string.Join(", ", map.Keys)}}}");

    public static Dictionary<string, object?>? MapOrNull(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) ? value as Dictionary<string, object?> : null;

    public static List<object?> List(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is List<object?> list ? list : [];

    public static IEnumerable<Dictionary<string, object?>> Maps(this Dictionary<string, object?> map, string key) =>
        map.List(key).OfType<Dictionary<string, object?>>();

    public static string? Str(this Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) ? Scalar(value) : null;

    /// <summary>Follows a dotted path of map keys; null when any step is missing.</summary>
    public static object? At(this Dictionary<string, object?> map, string path)
    {
        object? current = map;
        foreach (var step in path.Split('.'))
        {
            if (current is not Dictionary<string, object?> m || !m.TryGetValue(step, out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string? Scalar(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static object? Normalize(object? node) => node switch
    {
        IDictionary<object, object?> map => map.ToDictionary(e => Scalar(e.Key) ?? "", e => Normalize(e.Value)),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };
}
