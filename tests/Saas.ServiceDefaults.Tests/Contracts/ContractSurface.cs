using System.Reflection;

namespace Saas.ServiceDefaults.Tests.Contracts;

/// <summary>
/// The wire surface of <c>Saas.Contracts</c> as lines: one per public type, one per public property with its type
/// (nullability included; inherited ones too, as they are on the wire), so a rename, a removal or a type change shows up as a missing line.
/// </summary>
public static class ContractSurface
{
    public static IReadOnlyList<string> Of(Assembly assembly)
    {
        var nullability = new NullabilityInfoContext();
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add($"{type.FullName} ({KindOf(type)})");
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                lines.Add($"{type.FullName}.{property.Name}: {NameOf(property.PropertyType, nullability.Create(property))}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The frozen lines the current surface no longer has: each one is a breaking change.</summary>
    public static IReadOnlyList<string> Broken(IEnumerable<string> frozen, IEnumerable<string> current) =>
        frozen.Except(current, StringComparer.Ordinal).ToList();

    private static string KindOf(Type type) =>
        type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : "class";

    private static string NameOf(Type type, NullabilityInfo info)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return NameOf(underlying, info) + "?";
        var name = type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select((argument, i) =>
                NameOf(argument, i < info.GenericTypeArguments.Length ? info.GenericTypeArguments[i] : info)))}>"
            : type.IsArray && type.GetElementType() is { } element && info.ElementType is { } elementInfo
                ? NameOf(element, elementInfo) + "[]"
                : type.FullName ?? type.Name;
        return !type.IsValueType && info.ReadState == NullabilityState.Nullable ? name + "?" : name;
    }
}
