using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Saas.Admin.Features.Alerts;

/// <summary>
/// POSTs each alert's start and end to <c>Alerts:WebhookUrl</c> once. The notification id (rule key, start time,
/// state) goes in <c>Idempotency-Key</c> so a receiver can drop a repeat; a notification that could not be delivered
/// (after the standard resilience handler's retries) is kept and tried again at the next evaluation.
/// </summary>
public sealed class AlertNotifier(IHttpClientFactory clients, IOptions<AlertOptions> options, ILogger<AlertNotifier> logger)
{
    public const string ClientName = "alerts-webhook";
    private readonly ConcurrentQueue<AlertNotification> pending = new();

    public void Started(ActiveAlert alert) => Enqueue(alert, "firing", null);

    public void Ended(ActiveAlert alert, DateTimeOffset at) => Enqueue(alert, "resolved", at);

    public async Task DeliverAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.Value.WebhookUrl))
        {
            pending.Clear();
            return;
        }

        var client = clients.CreateClient(ClientName);
        while (pending.TryPeek(out var next))
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.WebhookUrl) { Content = JsonContent.Create(next) };
                request.Headers.Add("Idempotency-Key", next.Id);
                using var response = await client.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                pending.TryDequeue(out _);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The URL is the operator's own and may carry a token: say which alert, not where.
                logger.LogWarning("Could not deliver alert notification {NotificationId} to the operator webhook: {Error}", next.Id, ex.Message);
                return;
            }
        }
    }

    private void Enqueue(ActiveAlert alert, string state, DateTimeOffset? endedAt) =>
        pending.Enqueue(new AlertNotification(
            $"{alert.Key}@{alert.Since.ToUnixTimeMilliseconds()}:{state}", state, alert.Key, alert.Rule, alert.Message, alert.Link, alert.Since, endedAt));
}
