namespace Saas.Deploy.Tests;

/// <summary>One Kubernetes object of the rendered kustomization.</summary>
public sealed record K8sObject(Dictionary<string, object?> Raw, string Origin)
{
    public string Kind => Raw.Str("kind") ?? "";
    public string ApiVersion => Raw.Str("apiVersion") ?? "";
    public string Name => Raw.Map("metadata").Str("name") ?? "";
    public string? Namespace => Raw.Map("metadata").Str("namespace");
    public Dictionary<string, object?> Spec => Raw.Map("spec");
    public override string ToString() => $"{Kind}/{Name} ({Origin})";
}

/// <summary>Where one environment variable of a container comes from.</summary>
public sealed record EnvVar(string Name, string? Value, string? SecretName, string? SecretKey, bool Optional, string? ConfigMap)
{
    public bool FromSecret => SecretName is not null;
}

/// <summary>
/// deploy/k8s as the cluster would get it: `kubectl kustomize deploy/k8s` when kubectl is there (installed if
/// possible), otherwise the files kustomization.yaml lists with its namespace applied — the kustomization is kept
/// to exactly that, so both give the same objects.
/// </summary>
public static class Manifests
{
    private static readonly Lazy<(IReadOnlyList<K8sObject> Objects, string How)> Loaded = new(Load);

    public static IReadOnlyList<K8sObject> Objects => Loaded.Value.Objects;

    public static string How => Loaded.Value.How;

    public static string KustomizeWithKubectl(string kubectl)
    {
        var result = Tools.Run(kubectl, ["kustomize", Repo.K8s]);
        Assert.True(result.ExitCode == 0, $"kubectl kustomize deploy/k8s failed: {result}");
        return result.Output;
    }

    public static Dictionary<string, object?> Kustomization => Yaml.LoadFile(Path.Combine(Repo.K8s, "kustomization.yaml"));

    /// <summary>The objects of the files kustomization.yaml lists, in the kustomization's namespace.</summary>
    public static List<K8sObject> FromResourceFiles()
    {
        var kustomization = Kustomization;
        var ns = kustomization.Str("namespace");
        var objects = new List<K8sObject>();
        foreach (var resource in kustomization.List("resources").Select(Yaml.Scalar))
        {
            var file = Path.Combine(Repo.K8s, resource!);
            foreach (var raw in Yaml.LoadAll(File.ReadAllText(file)))
            {
                var obj = new K8sObject(raw, resource!);
                if (ns is not null && obj.Kind != "Namespace")
                {
                    raw.Map("metadata")["namespace"] = ns;
                }

                objects.Add(obj);
            }
        }

        return objects;
    }

    public static IEnumerable<K8sObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public static K8sObject Get(string kind, string name) =>
        Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"deploy/k8s has no {kind} named '{name}' ({How})");

    public static K8sObject? Find(string kind, string name) => Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name);

    public static Dictionary<string, object?> PodSpec(K8sObject workload) => workload.Spec.Map("template").Map("spec");

    public static Dictionary<string, object?> Container(K8sObject workload, string name) =>
        PodSpec(workload).Maps("containers").SingleOrDefault(c => c.Str("name") == name)
        ?? throw new Xunit.Sdk.XunitException($"{workload} has no container named '{name}'");

    /// <summary>Every variable the container gets: its env entries and the keys of the ConfigMaps it takes whole.</summary>
    public static List<EnvVar> Environment(K8sObject workload, Dictionary<string, object?> container)
    {
        var variables = new List<EnvVar>();
        foreach (var from in container.Maps("envFrom"))
        {
            if (from.MapOrNull("configMapRef") is { } configMapRef)
            {
                var configMap = Get("ConfigMap", configMapRef.Str("name")!);
                foreach (var (key, value) in configMap.Raw.MapOrNull("data") ?? [])
                {
                    variables.Add(new EnvVar(key, Yaml.Scalar(value), null, null, false, configMap.Name));
                }
            }
            else
            {
                // A whole Secret as variables hides which keys a pod gets: name each one with secretKeyRef instead.
                throw new Xunit.Sdk.XunitException($"{workload}: envFrom other than configMapRef: {Yaml.ToJson(from)}");
            }
        }

        foreach (var env in container.Maps("env"))
        {
            var secret = env.MapOrNull("valueFrom")?.MapOrNull("secretKeyRef");
            var configMapKey = env.MapOrNull("valueFrom")?.MapOrNull("configMapKeyRef");
            variables.Add(new EnvVar(
                env.Str("name")!, env.Str("value"), secret?.Str("name"), secret?.Str("key"),
                secret?.Str("optional") == "true", configMapKey?.Str("name")));
        }

        return variables;
    }

    private static (IReadOnlyList<K8sObject>, string) Load()
    {
        if (Tools.Ensure(Tools.Kubectl) is { } kubectl)
        {
            var objects = Yaml.LoadAll(KustomizeWithKubectl(kubectl)).Select(raw => new K8sObject(raw, "kubectl kustomize")).ToList();
            return (objects, "rendered by kubectl kustomize");
        }

        return (FromResourceFiles(), "read from kustomization.yaml's resources (no kubectl)");
    }
}

/// <summary>deploy/docker-compose.yml, with its anchors and merge keys resolved (variables are not substituted).</summary>
public static class Compose
{
    private static readonly Lazy<Dictionary<string, object?>> Loaded = new(() => Yaml.LoadFile(Repo.ComposeFile));

    public static Dictionary<string, object?> File => Loaded.Value;

    public static Dictionary<string, object?> Services => File.Map("services");

    public static Dictionary<string, object?> Service(string name) =>
        Services.MapOrNull(name) ?? throw new Xunit.Sdk.XunitException($"docker-compose.yml has no service '{name}'");

    /// <summary>A service's environment (map or KEY=value list form).</summary>
    public static Dictionary<string, string?> Environment(string service)
    {
        var definition = Service(service);
        if (definition.MapOrNull("environment") is { } map)
        {
            return map.ToDictionary(e => e.Key, e => Yaml.Scalar(e.Value));
        }

        return definition.List("environment").Select(Yaml.Scalar).Select(line => line!.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : null);
    }

    /// <summary>The variables deploy/.env.template lists, with their template values.</summary>
    public static Dictionary<string, string> TemplateVariables() =>
        System.IO.File.ReadAllLines(Repo.EnvTemplate)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "");
}
