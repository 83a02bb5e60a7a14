using System.Globalization;
using System.Text.RegularExpressions;

namespace Saas.Deploy.Tests;

/// <summary>deploy/k8s: renders, and every workload has probes, limits, a disruption budget and a locked-down pod.</summary>
public sealed class KubernetesTests
{
    [ToolFact(Tools.Kubectl)]
    public void Kubectl_kustomize_renders_the_same_objects_the_resource_files_hold()
    {
        var rendered = Yaml.LoadAll(Manifests.KustomizeWithKubectl(Tools.Ensure(Tools.Kubectl)!))
            .Select(raw => new K8sObject(raw, "kubectl")).ToList();
        Assert.Equal(
            Manifests.FromResourceFiles().Select(o => $"{o.Kind}/{o.Namespace}/{o.Name}").Order(),
            rendered.Select(o => $"{o.Kind}/{o.Namespace}/{o.Name}").Order());
        Assert.All(rendered.Where(o => o.Kind != "Namespace"), o => Assert.Equal("saas", o.Namespace));
    }

    /// <summary>What keeps the no-kubectl reading above equal to kubectl's: nothing but files and a namespace.</summary>
    [Fact]
    public void The_kustomization_is_a_plain_list_of_resource_files()
    {
        var kustomization = Manifests.Kustomization;
        Assert.Empty(kustomization.Keys.Except(["apiVersion", "kind", "namespace", "resources"]));
        var files = kustomization.List("resources").Select(Yaml.Scalar).ToList();
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(Repo.K8s, f!)), $"{f} does not exist"));
        var onDisk = Directory.GetFiles(Repo.K8s, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
        Expect.None(onDisk.Except(files).Select(f => $"{f} is in deploy/k8s but not in kustomization.yaml's resources"));
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Each_deployable_has_a_deployment_a_service_and_a_disruption_budget(string name)
    {
        var deployment = Manifests.Get("Deployment", name);
        var podLabels = deployment.Spec.Map("template").Map("metadata").Map("labels");
        Assert.True(Selects(deployment.Spec.Map("selector").Map("matchLabels"), podLabels), $"{deployment}: selector does not match its pods");
        var container = Manifests.Container(deployment, name);
        Assert.Contains(container.Maps("ports"), p => p.Str("name") == "http" && p.Str("containerPort") == "8080");

        var service = Manifests.Get("Service", name);
        Assert.True(Selects(service.Spec.Map("selector"), podLabels), $"{service} does not select the {name} pods");
        Assert.Contains(service.Spec.Maps("ports"), p => p.Str("name") == "http" && p.Str("targetPort") == "http");

        var budget = Manifests.Get("PodDisruptionBudget", name);
        Assert.True(Selects(budget.Spec.Map("selector").Map("matchLabels"), podLabels), $"{budget} does not select the {name} pods");
        Assert.True(budget.Spec.ContainsKey("minAvailable") || budget.Spec.ContainsKey("maxUnavailable"));
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Probes_ask_health_for_readiness_and_alive_for_liveness(string name)
    {
        var deployable = Repo.Get(name);
        var container = Manifests.Container(Manifests.Get("Deployment", name), name);
        AssertProbe(container, "readinessProbe", deployable.ReadinessPath);
        AssertProbe(container, "livenessProbe", "/alive");
        if (container.MapOrNull("startupProbe") is not null)
        {
            AssertProbe(container, "startupProbe", "/alive");
        }
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Requests_and_limits_are_set_and_requests_fit_the_limits(string name)
    {
        var resources = Manifests.Container(Manifests.Get("Deployment", name), name).Map("resources");
        foreach (var resource in new[] { "cpu", "memory" })
        {
            var request = resources.Map("requests").Str(resource);
            var limit = resources.Map("limits").Str(resource);
            Assert.False(string.IsNullOrEmpty(request), $"{name}: no {resource} request");
            Assert.False(string.IsNullOrEmpty(limit), $"{name}: no {resource} limit");
            Assert.True(Quantity(request!) <= Quantity(limit!), $"{name}: {resource} request {request} exceeds the limit {limit}");
        }
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Pods_run_non_root_on_a_read_only_root_filesystem(string name)
    {
        var deployment = Manifests.Get("Deployment", name);
        var pod = Manifests.PodSpec(deployment);
        var container = Manifests.Container(deployment, name);
        var podSecurity = pod.MapOrNull("securityContext") ?? [];
        var security = container.Map("securityContext");

        Assert.Equal("true", security.Str("runAsNonRoot") ?? podSecurity.Str("runAsNonRoot"));
        Assert.NotEqual("0", security.Str("runAsUser") ?? podSecurity.Str("runAsUser"));
        Assert.Equal("true", security.Str("readOnlyRootFilesystem"));
        Assert.Equal("false", security.Str("allowPrivilegeEscalation"));
        Assert.Contains("ALL", security.Map("capabilities").List("drop").Select(Yaml.Scalar));
        Assert.Equal("false", pod.Str("automountServiceAccountToken"));

        // The one writable place is an emptyDir on /tmp.
        var tmp = container.Maps("volumeMounts").Single(m => m.Str("mountPath") == "/tmp");
        Assert.Contains(pod.Maps("volumes"), v => v.Str("name") == tmp.Str("name") && v.ContainsKey("emptyDir"));
    }

    [Fact]
    public void Gateway_and_webhooks_scale_with_autoscalers_and_the_others_run_two_replicas()
    {
        foreach (var name in new[] { "gateway", "webhooks" })
        {
            var hpa = Manifests.Get("HorizontalPodAutoscaler", name);
            Assert.Equal("autoscaling/v2", hpa.ApiVersion);
            var target = hpa.Spec.Map("scaleTargetRef");
            Assert.Equal(("Deployment", name), (target.Str("kind"), target.Str("name")));
            Assert.True(int.Parse(hpa.Spec.Str("minReplicas")!) >= 2, $"{hpa}: fewer than two replicas leaves nothing during a disruption");
            Assert.True(int.Parse(hpa.Spec.Str("maxReplicas")!) > int.Parse(hpa.Spec.Str("minReplicas")!));
            Assert.NotEmpty(hpa.Spec.List("metrics"));
            // The autoscaler owns the replica count: a fixed one would be reset by every apply.
            Assert.False(Manifests.Get("Deployment", name).Spec.ContainsKey("replicas"), $"{name}: spec.replicas fights the autoscaler");
        }

        foreach (var deployable in Repo.Deployables.Where(d => Manifests.Find("HorizontalPodAutoscaler", d.Name) is null))
        {
            Assert.True(int.Parse(Manifests.Get("Deployment", deployable.Name).Spec.Str("replicas") ?? "1") >= 2,
                $"{deployable.Name}: one replica means its disruption budget blocks every node drain");
        }
    }

    [Fact]
    public void The_ingress_leads_to_the_gateway_only()
    {
        var ingresses = Manifests.OfKind("Ingress").ToList();
        Assert.NotEmpty(ingresses);
        var gatewayPorts = Manifests.Get("Service", "gateway").Spec.Maps("ports").Select(p => p.Str("name")).ToHashSet();
        foreach (var ingress in ingresses)
        {
            var backends = ingress.Spec.Maps("rules").SelectMany(r => r.Map("http").Maps("paths"))
                .Select(p => p.Map("backend").Map("service")).ToList();
            Assert.NotEmpty(backends);
            Assert.All(backends, b =>
            {
                Assert.Equal("gateway", b.Str("name"));
                Assert.Contains(b.Map("port").Str("name"), gatewayPorts);
            });
        }
    }

    [Fact]
    public void RabbitMQ_and_MongoDB_are_services_outside_the_kustomization()
    {
        foreach (var name in new[] { "rabbitmq", "mongodb" })
        {
            var service = Manifests.Get("Service", name);
            Assert.True(service.Spec.Str("type") == "ExternalName" || !service.Spec.ContainsKey("selector"),
                $"{service} should reference servers run elsewhere (ExternalName, or no selector plus Endpoints)");
        }

        Assert.Empty(Manifests.OfKind("StatefulSet"));
    }

    [Fact]
    public void Secret_references_and_config_map_references_resolve()
    {
        var template = Yaml.LoadFile(Repo.SecretTemplate);
        Assert.Equal("Secret", template.Str("kind"));
        var secretName = template.Map("metadata").Str("name");
        var keys = template.Map("stringData").Keys.ToHashSet();
        var referenced = new HashSet<string>();
        foreach (var deployment in Manifests.OfKind("Deployment"))
        {
            foreach (var container in Manifests.PodSpec(deployment).Maps("containers"))
            {
                foreach (var variable in Manifests.Environment(deployment, container).Where(v => v.FromSecret))
                {
                    Assert.Equal(secretName, variable.SecretName);
                    Assert.True(keys.Contains(variable.SecretKey!), $"{deployment}: {variable.Name} reads key {variable.SecretKey}, which templates/saas-secrets.yaml lacks");
                    referenced.Add(variable.SecretKey!);
                }
            }
        }

        Expect.None(keys.Except(referenced).Select(k => $"templates/saas-secrets.yaml has {k}, which no Deployment reads"));
        Assert.Empty(Manifests.OfKind("Secret")); // never applied from here: real secrets are created outside
    }

    [Theory]
    [MemberData(nameof(Repo.DeployableNames), MemberType = typeof(Repo))]
    public void Services_are_addressed_by_their_kubernetes_service_names(string name)
    {
        var deployment = Manifests.Get("Deployment", name);
        foreach (var variable in Manifests.Environment(deployment, Manifests.Container(deployment, name)).Where(v => v.Name.StartsWith("services__")))
        {
            var target = variable.Name.Split("__")[1];
            var service = Manifests.Get("Service", target);
            var port = service.Spec.Maps("ports").Single(p => p.Str("name") == "http").Str("port");
            Assert.Equal(port == "80" ? $"http://{target}" : $"http://{target}:{port}", variable.Value);
        }
    }

    private static void AssertProbe(Dictionary<string, object?> container, string probe, string path)
    {
        var get = container.MapOrNull(probe)?.MapOrNull("httpGet");
        Assert.True(get is not null, $"{container.Str("name")}: no {probe} with httpGet");
        Assert.Equal(path, get.Str("path"));
        Assert.Equal("http", get.Str("port"));
    }

    private static bool Selects(Dictionary<string, object?> selector, Dictionary<string, object?> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var v) && Yaml.Scalar(v) == Yaml.Scalar(s.Value));

    /// <summary>A Kubernetes quantity in base units: 250m → 0.25, 2 → 2, 192Mi → 201326592.</summary>
    public static decimal Quantity(string text)
    {
        var match = Regex.Match(text, @"^(?<n>[0-9.]+)(?<unit>m|k|M|G|Ki|Mi|Gi)?$");
        Assert.True(match.Success, $"'{text}' is not a quantity this test reads");
        var n = decimal.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "m" => n / 1000,
            "k" => n * 1000,
            "M" => n * 1000_000,
            "G" => n * 1000_000_000,
            "Ki" => n * 1024,
            "Mi" => n * 1024 * 1024,
            "Gi" => n * 1024 * 1024 * 1024,
            _ => n,
        };
    }
}
