using System.Text.RegularExpressions;

namespace Saas.Deploy.Tests;

/// <summary>No secret in plain text: secrets reach compose from deploy/.env and Kubernetes pods through secretKeyRef.</summary>
public sealed class SecretsTests
{
    private static readonly Regex RealSecret = new(
        @"whsec_[A-Za-z0-9]{8,}|\b[sr]k_(live|test)_[A-Za-z0-9]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}");

    /// <summary>user:password@ in a URI, unless the password is a ${VAR} or a REPLACE_ME placeholder.</summary>
    private static readonly Regex LiteralCredentialInUri = new(@"://[^/\s:@]+:(?!\$\{|REPLACE_ME)[^@\s/]+@");

    public static IEnumerable<string> DeployFiles() =>
        Directory.EnumerateFiles(Repo.Deploy, "*", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Where(f => Path.GetFileName(f) != ".env"); // the operator's own, ignored by git

    [Fact]
    public void No_file_in_deploy_holds_a_real_secret()
    {
        var findings = DeployFiles().SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, i)))
            .Where(x => RealSecret.IsMatch(x.line) || LiteralCredentialInUri.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Repo.Root, x.file)}:{x.i + 1}: {x.line.Trim()}");
        Expect.None(findings);
    }

    [Fact]
    public void The_env_template_leaves_every_secret_empty()
    {
        var filled = Compose.TemplateVariables()
            .Where(v => Regex.IsMatch(v.Key, "PASSWORD|SECRET|_KEY$") && v.Value.Length > 0)
            .Select(v => $"deploy/.env.template gives {v.Key} a value");
        Expect.None(filled);
    }

    [Fact]
    public void Compose_takes_every_credential_from_the_env_file()
    {
        foreach (var service in Compose.Services.Keys)
        {
            foreach (var (key, value) in Compose.Environment(service))
            {
                if (CodeBindings.SecretLike.IsMatch(key.Split("__")[^1]) || Regex.IsMatch(key, "PASSWORD|_PASS$|SECRET"))
                {
                    Assert.Matches(@"^\$\{[A-Z0-9_]+(:-|:\?[^}]*)?\}$", value ?? "");
                }

                if (key.StartsWith("ConnectionStrings__") && value!.Contains('@'))
                {
                    // user:password@ from variables only
                    Assert.Matches(@"://\$\{[A-Z0-9_]+(:-[^}]*)?\}:\$\{[A-Z0-9_]+(:\?[^}]*)?\}@", value);
                }
            }
        }
    }

    [Fact]
    public void Kubernetes_takes_every_credential_from_the_secret()
    {
        foreach (var deployment in Manifests.OfKind("Deployment"))
        {
            foreach (var container in Manifests.PodSpec(deployment).Maps("containers"))
            {
                foreach (var variable in Manifests.Environment(deployment, container))
                {
                    var credential = CodeBindings.SecretLike.IsMatch(variable.Name.Split("__")[^1]) || variable.Name.StartsWith("ConnectionStrings__");
                    Assert.False(credential && !variable.FromSecret,
                        $"{deployment}: {variable.Name} comes from {(variable.ConfigMap is { } cm ? $"ConfigMap {cm}" : "a plain value")}, not from a Secret");
                }
            }
        }

        foreach (var configMap in Manifests.OfKind("ConfigMap"))
        {
            foreach (var (key, value) in configMap.Raw.MapOrNull("data") ?? [])
            {
                Assert.False(CodeBindings.SecretLike.IsMatch(key.Split("__")[^1]), $"{configMap} holds {key}, a secret");
                Assert.DoesNotMatch(@"://[^/\s]+@", Yaml.Scalar(value) ?? "");
            }
        }
    }

    [Fact]
    public void The_secret_template_holds_placeholders_only()
    {
        var template = Yaml.LoadFile(Repo.SecretTemplate);
        Assert.False(template.ContainsKey("data"), "base64 data: would hide what the template holds; use stringData placeholders");
        Assert.All(template.Map("stringData"), entry => Assert.Contains("REPLACE_ME", Yaml.Scalar(entry.Value) ?? ""));
    }
}
