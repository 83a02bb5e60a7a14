using Microsoft.Extensions.Logging;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.AppHost.Wiring;

/// <summary>
/// Dashboard commands on the <c>webhooks</c> resource, calling its internal replay API (<c>/internal/webhooks/replays</c>,
/// never routed by the gateway; the AppHost runs beside the service): count the failed Stripe events (a dry run), then
/// replay them through the normal processing path, recorded on each event as requested by the AppHost's operator.
/// </summary>
internal static class WebhookCommands
{
    private const string RequestedBy = "apphost-operator";

    public static IResourceBuilder<BuiltServiceResource> WithWebhookReplayCommands(this IResourceBuilder<BuiltServiceResource> webhooks, int port, string internalApiKey)
    {
        var url = $"http://127.0.0.1:{port}/internal/webhooks/replays";
        static ResourceCommandState WhenRunning(UpdateCommandStateContext c) =>
            c.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

        return webhooks
            .WithCommand("count-failed-webhooks", "Count failed webhook events (dry run)",
                context => ReplayAsync(url, internalApiKey, dryRun: true, context),
                new CommandOptions { IconName = "DocumentSearch", UpdateState = WhenRunning, Description = "How many events a replay of the failed ones would take" })
            .WithCommand("replay-failed-webhooks", "Replay failed webhook events",
                context => ReplayAsync(url, internalApiKey, dryRun: false, context),
                new CommandOptions
                {
                    IconName = "ArrowReplay",
                    UpdateState = WhenRunning,
                    ConfirmationMessage = "Replay every failed Stripe webhook event through the normal processing path?",
                });
    }

    private static async Task<ExecuteCommandResult> ReplayAsync(string url, string internalApiKey, bool dryRun, ExecuteCommandContext context)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(Saas.ServiceDefaults.Security.InternalApiKeyExtensions.HeaderName, internalApiKey);
        var body = new { status = "failed", dryRun, reason = "replayed from the Aspire dashboard", requestedBy = RequestedBy };
        try
        {
            using var response = await http.PostAsJsonAsync(url, body, context.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(context.CancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return CommandResults.Failure($"webhooks answered {(int)response.StatusCode}: {text}");
            }

            var count = JsonDocument.Parse(text).RootElement.GetProperty("count").GetInt64();
            var message = dryRun ? $"{count} failed event(s) would be replayed" : $"{count} failed event(s) put back in line for processing";
            context.Logger.LogInformation("{Message}", message);
            return CommandResults.Success(message);
        }
        catch (HttpRequestException ex)
        {
            return CommandResults.Failure($"webhooks did not answer: {ex.Message}");
        }
    }
}
