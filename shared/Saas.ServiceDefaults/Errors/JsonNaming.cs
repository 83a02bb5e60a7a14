namespace Saas.ServiceDefaults.Errors;

/// <summary>Turns the names a failure knows (a C# member, a System.Text.Json path) into the JSON name a client sent.</summary>
internal static class JsonNaming
{
    public static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary><c>$.email</c> → <c>email</c>, <c>$.events[2].message</c> → <c>events[2].message</c>, <c>$['a b']</c> → <c>a b</c>.</summary>
    public static string FieldOf(string path)
    {
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.StartsWith("['", StringComparison.Ordinal) && field.EndsWith("']", StringComparison.Ordinal) ? field[2..^2] : field;
    }
}
