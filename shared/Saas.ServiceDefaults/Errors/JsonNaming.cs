using System.Text.RegularExpressions;

namespace Saas.ServiceDefaults.Errors;

/// <summary>Turns the names a failure knows (a C# member, a System.Text.Json path) into the JSON name a client sent.</summary>
internal static partial class JsonNaming
{
    /// <summary>
    /// The parameter named by a minimal API binding failure (<c>Failed to bind parameter "int page" from "x".</c>,
    /// <c>Required parameter "string id" was not provided …</c>); null for a body or another message.
    /// </summary>
    public static string? ParameterOf(string message) =>
        !message.Contains("request body", StringComparison.Ordinal) && BindingFailure().Match(message) is { Success: true } m
            ? m.Groups["name"].Value
            : null;

    [GeneratedRegex("""parameter "[^"]*?\b(?<name>\w+)" (from|was not provided)""")]
    private static partial Regex BindingFailure();

    public static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary><c>$.email</c> → <c>email</c>, <c>$.events[2].message</c> → <c>events[2].message</c>, <c>$['a b']</c> → <c>a b</c>.</summary>
    public static string FieldOf(string path)
    {
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.StartsWith("['", StringComparison.Ordinal) && field.EndsWith("']", StringComparison.Ordinal) ? field[2..^2] : field;
    }
}
