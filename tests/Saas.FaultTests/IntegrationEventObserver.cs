using System.Collections.Concurrent;
using MassTransit;
using Saas.Contracts.Billing;
using Saas.Contracts.Webhooks;

namespace Saas.FaultTests;

/// <summary>A consumer of the webhooks service's integration events on the same broker, as billing would be.</summary>
public sealed class IntegrationEventObserver : IAsyncDisposable
{
    private readonly IBusControl bus;

    private IntegrationEventObserver(IBusControl bus) => this.bus = bus;

    /// <summary>Every delivery received, duplicates included: (Stripe event id, integration event id).</summary>
    public ConcurrentQueue<(string StripeEventId, Guid EventId)> Deliveries { get; } = new();

    /// <summary>Billing's <c>SubscriptionChanged</c> deliveries (to identity), duplicates included.</summary>
    public ConcurrentQueue<(string? UserId, Guid EventId, string Status)> BillingChanges { get; } = new();

    public static async Task<IntegrationEventObserver> StartAsync(string connectionString)
    {
        IntegrationEventObserver? observer = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(connectionString));
            cfg.ReceiveEndpoint("fault-test-observer", e =>
            {
                e.Handler<StripeSubscriptionChanged>(context =>
                {
                    observer!.Deliveries.Enqueue((context.Message.StripeEventId, context.Message.EventId));
                    return Task.CompletedTask;
                });
                e.Handler<SubscriptionChanged>(context =>
                {
                    observer!.BillingChanges.Enqueue((context.Message.UserId, context.Message.EventId, context.Message.Status));
                    return Task.CompletedTask;
                });
            });
        });
        observer = new IntegrationEventObserver(bus);
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return observer;
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
}
