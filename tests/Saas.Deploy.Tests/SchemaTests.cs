namespace Saas.Deploy.Tests;

/// <summary>
/// The rendered manifests against Kubernetes' own schemas, offline: the npm package kubernetes-models (5.1.0)
/// carries them and validates with ajv. Installed once into ~/.cache/saas-deploy-tests with npm.
/// </summary>
public sealed class SchemaTests
{
    [KubernetesModelsFact]
    public void Every_manifest_matches_its_Kubernetes_schema()
    {
        var objects = Manifests.Objects.Select(o => o.Raw).ToList();
        objects.Add(Yaml.LoadFile(Repo.SecretTemplate));
        var result = Tools.Run(Tools.Ensure(Tools.Node)!, [KubernetesModels.Script], workingDirectory: KubernetesModels.Directory,
            input: Yaml.ToJson(objects));
        Assert.True(result.ExitCode == 0, $"schema validation ({Manifests.How}):\n{result}");
        Assert.Contains($"{objects.Count} valid", result.Output);
    }
}

public static class KubernetesModels
{
    public const string Version = "5.1.0";

    public static readonly string Directory = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "saas-deploy-tests", $"kubernetes-models-{Version}");

    public static string Script => Path.Combine(Directory, "validate.mjs");

    private static readonly Lazy<string?> Missing = new(Install);

    public static string? MissingReason => Missing.Value;

    // Reads a JSON array of objects on stdin; prints one line per invalid object; exits 1 when any is invalid.
    private const string ValidateScript = """
        import { readFileSync } from "node:fs";
        const objects = JSON.parse(readFileSync(0, "utf8"));
        let failures = 0;
        for (const obj of objects) {
          const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : [null, obj.apiVersion];
          const path = group ? `kubernetes-models/${group}/${version}/${obj.kind}` : `kubernetes-models/${version}/${obj.kind}`;
          const name = `${obj.kind}/${obj.metadata?.name}`;
          try {
            const model = await import(path);
            new model[obj.kind](obj).validate();
          } catch (error) {
            failures++;
            console.log(`${name}: ${error.message}`);
          }
        }
        console.log(`${objects.length - failures} valid, ${failures} invalid`);
        process.exit(failures ? 1 : 0);
        """;

    private static string? Install()
    {
        if ((Tools.MissingReason(Tools.Node) ?? Tools.MissingReason(Tools.Npm)) is { } reason)
        {
            return reason;
        }

        System.IO.Directory.CreateDirectory(Directory);
        if (!File.Exists(Path.Combine(Directory, "node_modules", "kubernetes-models", "package.json")))
        {
            var result = Tools.Run(Tools.Ensure(Tools.Npm)!,
                ["install", "--prefix", Directory, "--no-audit", "--no-fund", "--no-save", "--loglevel=error", $"kubernetes-models@{Version}"],
                workingDirectory: Directory, timeout: TimeSpan.FromMinutes(3));
            if (result.ExitCode != 0)
            {
                return $"npm could not install kubernetes-models@{Version}: {result.Error.Trim()}";
            }
        }

        File.WriteAllText(Script, ValidateScript);
        return null;
    }
}

public sealed class KubernetesModelsFactAttribute : FactAttribute
{
    public KubernetesModelsFactAttribute()
    {
        if (KubernetesModels.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
