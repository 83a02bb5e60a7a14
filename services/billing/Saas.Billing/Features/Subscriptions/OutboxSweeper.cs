using Saas.Billing.Common;

namespace Saas.Billing.Features.Subscriptions;

/// <summary>Publishes changes whose first publish failed (broker down at the time); the ledger retries on its next write too.</summary>
internal sealed class OutboxSweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxSweeper> logger) : BackgroundService
{
    // Short: a change orphaned by a killed process (SubscriptionLedger.OrphanedAfter, 10 s) or a broker outage is
    // told within seconds of the broker or billing being back, not half a minute later.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<BillingStore>();
                var ledger = scope.ServiceProvider.GetRequiredService<SubscriptionLedger>();
                foreach (var customer in await store.Customers.FindAsync(c => c.HasPendingChanges, new() { Take = 100 }, stoppingToken))
                {
                    await ledger.FlushAsync(customer, own: null, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Outbox sweep failed; trying again in {Interval}", Interval);
            }
        }
    }
}
