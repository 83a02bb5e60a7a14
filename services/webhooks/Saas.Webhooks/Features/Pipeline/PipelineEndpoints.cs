using Saas.Webhooks.Features.Replay;

namespace Saas.Webhooks.Features.Pipeline;

/// <summary>
/// <c>GET /internal/webhooks/pipeline</c>: the pipeline's status for admin's alert rules (exhausted retries, backlog
/// age, API version drift). Internal: same API key as the event log.
/// </summary>
public static class PipelineEndpoints
{
    public static IEndpointRouteBuilder MapPipelineEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(ReplayEndpoints.Prefix).WithTags("Webhook pipeline (internal)").ExcludeFromDescription().RequireWebhooksApiKey()
            .MapGet("/pipeline", async (PipelineStatusReader reader, CancellationToken ct) => TypedResults.Ok(await reader.GetAsync(ct)));
        return routes;
    }
}
