using System.Reflection;
using System.Runtime.InteropServices;

namespace Saas.AppHost.Wiring;

/// <summary>
/// A .NET service run from its build output (the native launcher <c>bin/&lt;Configuration&gt;/net10.0/Saas.X</c>), not
/// with <c>dotnet run</c>: Aspire runs a project as <c>dotnet run --no-build --project …</c>, which evaluates the
/// project with MSBuild before the service even starts (about 1–2 s of CPU per project, all of them at once on two
/// cores). The process is the service itself, so its pid, name and environment are the service's.
/// </summary>
internal sealed class BuiltServiceResource(string name, string launcher, string projectDirectory)
    : ExecutableResource(name, launcher, projectDirectory), IResourceWithServiceDiscovery;

internal static class BuiltServiceExtensions
{
    /// <summary>The configuration the AppHost was built in: its project references built the services in the same one.</summary>
    private static readonly string Configuration =
        typeof(BuiltServiceExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>
    /// Adds <paramref name="project"/>'s built launcher as <paramref name="name"/> on <paramref name="port"/>, with what
    /// Aspire gives a project resource: <c>ASPNETCORE_URLS</c>, the OTLP exporter settings pointing at the dashboard
    /// (<c>OTEL_*</c>, service name = resource name) and the working directory in the project folder (content root).
    /// </summary>
    public static IResourceBuilder<BuiltServiceResource> AddBuiltService(
        this IDistributedApplicationBuilder builder, string name, IProjectMetadata project, int port)
    {
        var projectDirectory = Path.GetDirectoryName(project.ProjectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(project.ProjectPath);
        var launcher = Path.Combine(projectDirectory, "bin", Configuration, "net10.0", assemblyName);
        if (!File.Exists(launcher))
        {
            throw new InvalidOperationException($"{launcher} is missing: build the solution first (./saas build, or dotnet build -c {Configuration})");
        }

        return builder.AddResource(new BuiltServiceResource(name, launcher, projectDirectory))
            .WithHttpEndpoint(port: port, targetPort: port, isProxied: false)
            .WithEnvironment("ASPNETCORE_URLS", "http://localhost:" + port)
            // The launcher looks for the runtime in DOTNET_ROOT first: the one running the AppHost.
            .WithEnvironment("DOTNET_ROOT", DotnetRoot())
            .WithOtlpExporter()
            // What Aspire adds to a project resource's OTLP settings, so logs and exceptions look the same on the dashboard.
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES", "true")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", "true")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory")
            .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
    }

    /// <summary><c>/usr/share/dotnet</c> from <c>/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.x/</c>.</summary>
    private static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}
