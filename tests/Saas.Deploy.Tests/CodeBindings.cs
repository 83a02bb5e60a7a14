using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Saas.Deploy.Tests;

/// <summary>An options class and the configuration section it is bound to (its <c>SectionName</c> constant).</summary>
public sealed record OptionsSection(string Section, string TypeName, string Assembly);

/// <summary>
/// The configuration keys a deployable's code binds, read from its build output (bin/&lt;configuration&gt;/net10.0)
/// with System.Reflection.MetadataLoadContext: the Saas assemblies there are inspected, never loaded to run.
/// <list type="bullet">
/// <item>every class with a <c>public const string SectionName</c> is an options class bound to that section; a
/// key under it is bound when its remaining segments walk the class's settable properties (collections take an
/// index, dictionaries any key);</item>
/// <item><c>ConnectionStrings:{name}</c> for the names in <c>ResourceNames.Messaging</c> and
/// <c>StorageServiceCollectionExtensions.MongoConnectionStringName</c>;</item>
/// <item><c>services:{name}:http:N</c> for the services in <c>ResourceNames</c> (service discovery, the gateway's
/// clusters, identity's JWKS);</item>
/// <item>the platform's own variables (<see cref="PlatformVariables"/>), read by ASP.NET Core and OpenTelemetry.</item>
/// </list>
/// A renamed or removed option thus fails the check for any manifest that still sets it.
/// </summary>
public sealed class CodeBindings
{
    /// <summary>Read by ASP.NET Core, the .NET host or the OpenTelemetry SDK rather than by options classes.</summary>
    public static readonly IReadOnlySet<string> PlatformVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
    };

    /// <summary>The last segment of a key that holds a credential: it must come from a secret, never a plain value.</summary>
    public static readonly Regex SecretLike = new("(Password|Secret|Secrets|ApiKey|SecretKey|PrivateKey|Credentials?)$", RegexOptions.IgnoreCase);

    private static readonly Dictionary<string, CodeBindings> Cache = [];
    /// <summary>Per options class: its section and every key path under it ("#" an index, "*" any dictionary key).</summary>
    private readonly List<(string Section, List<string[]> Keys)> sectionKeys;

    private CodeBindings(
        Deployable deployable, List<OptionsSection> sections, List<(string Section, List<string[]> Keys)> sectionKeys,
        Dictionary<string, string> resourceNames, string mongoConnectionName, List<string> secretKeys)
    {
        Deployable = deployable;
        Sections = sections;
        this.sectionKeys = sectionKeys;
        ResourceNames = resourceNames;
        MongoConnectionName = mongoConnectionName;
        SecretKeys = secretKeys;
    }

    public Deployable Deployable { get; }

    public IReadOnlyList<OptionsSection> Sections { get; }

    /// <summary>The constants of Saas.ServiceDefaults' ResourceNames: field name → value.</summary>
    public IReadOnlyDictionary<string, string> ResourceNames { get; }

    public string MongoConnectionName { get; }

    /// <summary>Every bindable key (options section + property path) whose last segment is <see cref="SecretLike"/>.</summary>
    public IReadOnlyList<string> SecretKeys { get; }

    public IEnumerable<string> ServiceNames =>
        new[] { "Identity", "Billing", "Admin", "Webhooks" }.Select(constant => ResourceNames[constant]);

    public IEnumerable<string> ConnectionNames => [ResourceNames["Messaging"], MongoConnectionName];

    public static CodeBindings For(Deployable deployable)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(deployable.Name, out var bindings))
            {
                Cache[deployable.Name] = bindings = Read(deployable);
            }

            return bindings;
        }
    }

    /// <summary>Null when the code binds <paramref name="variable"/> (environment-variable form); otherwise why not.</summary>
    public string? WhyUnbound(string variable)
    {
        if (PlatformVariables.Contains(variable))
        {
            return null;
        }

        var segments = variable.Split("__");
        if (segments is ["ConnectionStrings", var connection])
        {
            return ConnectionNames.Contains(connection)
                ? null
                : $"ConnectionStrings:{connection} is none of the connection strings the code reads ({string.Join(", ", ConnectionNames)})";
        }

        if (segments is ["services", var service, "http" or "https", var index] && int.TryParse(index, out _))
        {
            return ServiceNames.Contains(service)
                ? null
                : $"'{service}' is not a service in ResourceNames ({string.Join(", ", ServiceNames)})";
        }

        // A variable may stop short of a leaf: a list given as one comma-separated value (Cors:AllowedOrigins).
        if (sectionKeys.Any(s => s.Keys.Any(key => segments.Length > s.Section.Split(':').Length && Matches(segments, key))))
        {
            return null;
        }

        return $"no options class of {Deployable.AssemblyName} (sections: {string.Join(", ", sectionKeys.Select(s => s.Section).Distinct().Order())}) binds " +
               variable.Replace("__", ":");
    }

    private static bool Matches(string[] variable, string[] key) =>
        variable.Length <= key.Length && variable.Zip(key).All(p => p.Second switch
        {
            "#" => int.TryParse(p.First, out var index) && index >= 0,
            "*" => true,
            _ => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase),
        });

    private static IEnumerable<PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p =>
            p.GetIndexParameters().Length == 0 &&
            (p.SetMethod?.IsPublic == true ||
             // The binder fills a get-only property only when it is an object it can bind into.
             (!IsLeaf(p.PropertyType) && ElementType(p.PropertyType) is null && !p.PropertyType.IsInterface)));

    private static IEnumerable<string> KeysUnder(Type type, string prefix, int depth)
    {
        type = UnderlyingNullable(type);
        if (depth > 6 || IsLeaf(type))
        {
            yield return prefix;
            yield break;
        }

        var inner = ElementType(type) ?? DictionaryValueType(type);
        if (inner is not null)
        {
            foreach (var key in KeysUnder(inner, prefix + (ElementType(type) is null ? ":*" : ":#"), depth + 1))
            {
                yield return key;
            }

            yield break;
        }

        foreach (var property in BindableProperties(type))
        {
            foreach (var key in KeysUnder(property.PropertyType, $"{prefix}:{property.Name}", depth + 1))
            {
                yield return key;
            }
        }
    }

    private static Type UnderlyingNullable(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : type;

    private static readonly HashSet<string> LeafTypes =
    [
        "System.String", "System.Decimal", "System.TimeSpan", "System.DateTime", "System.DateTimeOffset", "System.Guid",
        "System.Uri", "System.DateOnly", "System.TimeOnly", "System.Object",
    ];

    private static bool IsLeaf(Type type) => type.IsPrimitive || type.IsEnum || LeafTypes.Contains(type.FullName ?? "");

    private static readonly HashSet<string> CollectionTypes =
    [
        "System.Collections.Generic.List`1", "System.Collections.Generic.IList`1", "System.Collections.Generic.ICollection`1",
        "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.IReadOnlyList`1",
        "System.Collections.Generic.IReadOnlyCollection`1", "System.Collections.Generic.HashSet`1", "System.Collections.Generic.ISet`1",
    ];

    private static readonly HashSet<string> DictionaryTypes =
    [
        "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyDictionary`2",
    ];

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && CollectionTypes.Contains(type.GetGenericTypeDefinition().FullName!) ? type.GetGenericArguments()[0]
        : null;

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && DictionaryTypes.Contains(type.GetGenericTypeDefinition().FullName!) ? type.GetGenericArguments()[1] : null;

    private static CodeBindings Read(Deployable deployable)
    {
        var bin = deployable.BuildOutput;
        var own = Path.Combine(bin, deployable.AssemblyName + ".dll");
        if (!File.Exists(own))
        {
            throw new Xunit.Sdk.XunitException(
                $"{own} is missing: build the solution ({Repo.Configuration}) first; this project builds it as a dependency");
        }

        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var aspNet = Directory.GetDirectories(Path.Combine(runtime, "..", "..", "Microsoft.AspNetCore.App"))
            .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
            .Last();
        var paths = Directory.GetFiles(bin, "*.dll")
            .Concat(Directory.GetFiles(runtime, "*.dll"))
            .Concat(Directory.GetFiles(aspNet, "*.dll"));
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");

        var sections = new List<OptionsSection>();
        var sectionKeys = new List<(string Section, List<string[]> Keys)>();
        var secretKeys = new List<string>();
        var resourceNames = new Dictionary<string, string>();
        string? mongo = null;
        foreach (var file in Directory.GetFiles(bin, "Saas.*.dll").Order())
        {
            var assembly = context.LoadFromAssemblyPath(file);
            foreach (var type in LoadableTypes(assembly))
            {
                if (Constant(type, "SectionName") is { } section)
                {
                    sections.Add(new OptionsSection(section, type.FullName!, assembly.GetName().Name!));
                    // Two classes may share a section (Stripe): each contributes its keys.
                    var keys = KeysUnder(type, section, 0).ToList();
                    sectionKeys.Add((section, [.. keys.Select(k => k.Split(':'))]));
                    secretKeys.AddRange(keys.Where(k => SecretLike.IsMatch(k.Split(':')[^1])));
                }

                if (type.FullName == "Saas.ServiceDefaults.ResourceNames")
                {
                    foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
                    {
                        resourceNames[field.Name] = (string)field.GetRawConstantValue()!;
                    }
                }

                if (type.FullName == "Saas.Storage.StorageServiceCollectionExtensions")
                {
                    mongo = Constant(type, "MongoConnectionStringName");
                }
            }
        }

        if (resourceNames.Count == 0 || mongo is null)
        {
            throw new Xunit.Sdk.XunitException(
                $"{bin}: Saas.ServiceDefaults.ResourceNames or Saas.Storage.StorageServiceCollectionExtensions.MongoConnectionStringName not found; " +
                "update tests/Saas.Deploy.Tests/CodeBindings.cs to where they moved");
        }

        return new CodeBindings(deployable, sections, sectionKeys, resourceNames, mongo, secretKeys.Distinct().Order().ToList());
    }

    private static string? Constant(Type type, string name) =>
        type.GetField(name, BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.FieldType.FullName == "System.String"
            ? (string?)field.GetRawConstantValue()
            : null;

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
