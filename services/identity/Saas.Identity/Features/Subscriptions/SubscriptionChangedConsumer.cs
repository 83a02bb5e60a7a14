using MassTransit;
using Saas.Contracts.Billing;
using Saas.Identity.Storage;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Notifications;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;

namespace Saas.Identity.Features.Subscriptions;

/// <summary>
/// Keeps the user's <c>subscriptionStatus</c> and Stripe ids in step with billing, and tells the user.
/// Idempotent three ways: a processed event id is skipped (the shared <see cref="MessageInbox"/>); the user update
/// ignores a change older than the one applied (Stripe event time), and sets the same values again harmlessly; the
/// notification's id comes from the event id, so a retry after a crash cannot add a second one.
/// </summary>
public sealed class SubscriptionChangedConsumer(
    IdentityStore store, MessageInbox inbox, Notifier notifier, ActivityLog activity, TimeProvider time,
    ILogger<SubscriptionChangedConsumer> logger)
    : IConsumer<SubscriptionChanged>
{
    public Task Consume(ConsumeContext<SubscriptionChanged> context) =>
        context.Message.UserId is null
            ? Task.CompletedTask // an organization's subscription, not identity's
            : inbox.RunOnceAsync(context.Message, () => ApplyAsync(context.Message, context.CancellationToken), context.CancellationToken);

    private async Task ApplyAsync(SubscriptionChanged change, CancellationToken cancellationToken)
    {
        var eventId = change.EventId.ToString("N");
        var status = SubscriptionStatuses.FromStripe(change.Status);
        string? previous = null;
        DateTimeOffset appliedAt = default;
        var user = await store.Users.UpdateAsync(change.UserId!, u =>
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
            // Read after the version this write replaces, so winning writes' times are in the order they were applied;
            // and at least a millisecond past that version's, because stores keep times to the millisecond: two
            // changes applied within one would tie in the activity log, listed in the order their entries were
            // inserted, which concurrent consumers do not keep.
            u.UpdatedAt = appliedAt = Later(time.GetUtcNow(), u.UpdatedAt.AddMilliseconds(1));
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
                new() { ["from"] = previous, ["to"] = status, ["replay"] = change.IsReplay }, cancellationToken,
                // Another consumer may record the next change of this user first: the entry keeps its place.
                at: appliedAt);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
