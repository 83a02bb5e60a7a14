using Saas.Identity.Common;

namespace Saas.Identity.Features.Organizations;

/// <summary>
/// Finishes what a request could not: moves events still waiting in an organization (the process died, or the
/// store failed, between the write and the flush) to the outbox, and removes deleted organizations. Runs at
/// start, then every <see cref="Interval"/>.
/// </summary>
public sealed class OrganizationEventRelay(
    IdentityStore store, OrganizationChanges changes, TimeProvider time, ILogger<OrganizationEventRelay> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Sweeping organizations' pending events failed");
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var waiting = await store.Organizations.FindAsync(o => o.HasPendingEvents || o.Deleted, cancellationToken: cancellationToken);
        foreach (var organization in waiting)
        {
            await changes.FlushAsync(organization.Id, cancellationToken);
        }
    }
}
