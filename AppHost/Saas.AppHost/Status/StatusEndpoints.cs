using Microsoft.AspNetCore.Http.HttpResults;
using Saas.AppHost.Orchestration;
using Saas.AppHost.Resources;

namespace Saas.AppHost.Status;

/// <summary>
/// <c>GET /api/resources</c> and <c>POST /api/resources/{name}/{start|stop|restart}</c> on the dashboard port.
/// </summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        // Behind the dashboard's login token (Dashboard/Access), on a port bound to 127.0.0.1 only.
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", (AppModel model) => TypedResults.Ok(model.All.Select(r => r.Snapshot())));
        api.MapPost("/{name}/{command}", RunCommandAsync);
        return app;
    }

    private static async Task<Results<Ok<ResourceSnapshot>, NotFound<Problem>, BadRequest<Problem>, Conflict<Problem>>> RunCommandAsync(
        string name, string command, AppModel model, IHostApplicationLifetime lifetime)
    {
        if (model.Find(name) is not { } resource)
        {
            return TypedResults.NotFound(new Problem($"no resource named '{name}'"));
        }

        if (!resource.IsManaged)
        {
            return TypedResults.Conflict(new Problem($"{resource.Name} is configured externally; the AppHost does not manage it"));
        }

        // Not the request's token: a stop or restart must finish even if the caller hangs up.
        var ct = lifetime.ApplicationStopping;
        Func<CancellationToken, Task>? action = command.ToLowerInvariant() switch
        {
            "start" => resource.StartAsync,
            "stop" => resource.StopAsync,
            "restart" => resource.RestartAsync,
            _ => null,
        };
        if (action is null)
        {
            return TypedResults.BadRequest(new Problem($"unknown command '{command}': use start, stop or restart"));
        }

        try
        {
            await action(ct);
        }
        catch (Exception ex) when (ex is ResourceStartException or InvalidOperationException or TimeoutException)
        {
            return TypedResults.Conflict(new Problem(ex.Message));
        }

        return TypedResults.Ok(resource.Snapshot());
    }

    /// <summary>The <c>{ "error": "…" }</c> body used across the system.</summary>
    internal sealed record Problem(string Error);
}
