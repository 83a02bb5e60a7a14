namespace Saas.Webhooks.Tests.Support;

/// <summary>Waits for asynchronous processing by polling; never asserts on how long it took.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, string what, int timeoutSeconds = 20) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}");
            }

            await Task.Delay(25);
        }
    }

    public static Task<Saas.Webhooks.Features.EventLog.StripeEventDocument> EventAsync(
        WebhooksApp app, string stripeEventId, Func<Saas.Webhooks.Features.EventLog.StripeEventDocument, bool> condition, string what) =>
        ReturnsAsync(async () => await app.Log.FindAsync(stripeEventId, CancellationToken.None) is { } e && condition(e) ? e : null, $"{stripeEventId} {what}");
}
