namespace Saas.Identity.Features.Subscriptions;

/// <summary>
/// Stripe's subscription statuses in saasbackend's vocabulary (seed 000's User.subscriptionStatus): Stripe's
/// spelling except <c>cancelled</c>, plus <c>paused</c>, which saasbackend does not know (as billing spells it too).
/// </summary>
public static class SubscriptionStatuses
{
    public static string FromStripe(string status) => status switch
    {
        "active" or "trialing" or "past_due" or "unpaid" or "paused" or "incomplete" or "incomplete_expired" => status,
        "canceled" or "cancelled" => "cancelled",
        _ => "none",
    };

    public static string NotificationType(string status) => status switch
    {
        "active" or "trialing" => "success",
        "past_due" or "unpaid" or "paused" or "incomplete" => "warning",
        _ => "info",
    };

    public static string Describe(string status, bool cancelAtPeriodEnd) => status switch
    {
        "active" when cancelAtPeriodEnd => "Your subscription is active and will end at the close of the current period.",
        "active" => "Your subscription is active.",
        "trialing" => "Your trial has started.",
        "past_due" => "Your last payment failed. Please update your payment method.",
        "unpaid" => "Your subscription is unpaid.",
        "paused" => "Your subscription is paused.",
        "incomplete" => "Your subscription is waiting for the first payment.",
        "cancelled" => "Your subscription has been cancelled.",
        _ => $"Your subscription is now {status}.",
    };
}
