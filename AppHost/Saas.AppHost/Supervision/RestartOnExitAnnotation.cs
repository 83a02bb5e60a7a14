using Microsoft.Extensions.DependencyInjection;

namespace Saas.AppHost.Supervision;

/// <summary>Marks a resource that <see cref="RestartSupervisor"/> starts again whenever it exits.</summary>
internal sealed class RestartOnExitAnnotation : IResourceAnnotation;

internal static class RestartOnExitExtensions
{
    /// <summary>Restarts the resource when its process exits, for any reason, with backoff (see <see cref="RestartSupervisor"/>).</summary>
    public static IResourceBuilder<T> WithRestartOnExit<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        builder.ApplicationBuilder.Services.AddHostedService<RestartSupervisor>();
        return builder.WithAnnotation(new RestartOnExitAnnotation());
    }
}
