using MassTransit;
using Saas.Contracts.Billing;
using Saas.Identity.Common;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Notifications;
using Saas.Storage;

namespace Saas.Identity.Features.Subscriptions;

/// <summary>
/// Keeps the user's <c>subscriptionStatus</c> and Stripe ids in step with billing, and tells the user.
/// Idempotent three ways: a processed event id is skipped; the user update ignores a change older than the one
/// applied (Stripe event time), and sets the same values again harmlessly; the notification's id comes from the
/// event id, so a retry after a crash cannot add a second one.
/// </summary>
public sealed class SubscriptionChangedConsumer(
    IdentityStore store, Notifier notifier, ActivityLog activity, TimeProvider time, ILogger<SubscriptionChangedConsumer> logger)
    : IConsumer<SubscriptionChanged>
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromDays(30);

    public async Task Consume(ConsumeContext<SubscriptionChanged> context)
    {
        var change = context.Message;
        var eventId = change.EventId.ToString("N");
        var cancellationToken = context.CancellationToken;
        if (change.UserId is null || await store.ProcessedEvents.CountAsync(e => e.EventId == eventId, cancellationToken) > 0)
        {
            return; // an organization's subscription (not identity's), or a redelivery
        }

        var status = SubscriptionStatuses.FromStripe(change.Status);
        string? previous = null;
        var user = await store.Users.UpdateAsync(change.UserId, u =>
        {
            // Runs again after a write conflict: what an earlier attempt read must not survive into a later one
            // that decides to change nothing, or a change never applied gets its notification and activity entry.
            previous = null;
            if (u.SubscriptionChangedAt > change.StripeEventCreated)
            {
                return false;
            }

            previous = u.SubscriptionStatus;
            u.SubscriptionStatus = status;
            u.StripeCustomerId = change.CustomerId;
            u.StripeSubscriptionId = change.SubscriptionId;
            u.PlanId = change.PlanId;
            u.SubscriptionChangedAt = change.StripeEventCreated;
            u.UpdatedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);

        if (user is null)
        {
            logger.LogInformation("SubscriptionChanged {EventId} names user {UserId}, who does not exist (deleted?)", eventId, change.UserId);
        }
        else if (previous is not null && previous != status)
        {
            await notifier.AddAsync(user.Id, SubscriptionStatuses.NotificationType(status), "Subscription updated",
                SubscriptionStatuses.Describe(status, change.CancelAtPeriodEnd), cancellationToken, id: eventId);
            await activity.RecordAsync(user.Id, ActivityLog.SubscriptionUpdated,
                new() { ["from"] = previous, ["to"] = status, ["replay"] = change.IsReplay }, cancellationToken);
        }

        try
        {
            var now = time.GetUtcNow();
            await store.ProcessedEvents.InsertAsync(new ProcessedEvent { EventId = eventId, ProcessedAt = now, ExpiresAt = now + RememberFor }, cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            // A concurrent delivery of the same event got here first; everything above was idempotent.
        }
    }
}
