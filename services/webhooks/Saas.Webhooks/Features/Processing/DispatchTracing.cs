using System.Diagnostics;
using Saas.Webhooks.Features.EventLog;

namespace Saas.Webhooks.Features.Processing;

/// <summary>
/// Events are handed to the broker off the request that delivered them (the dispatcher's background loop, the
/// sweeper), where no trace is current, so MassTransit's send would start a new, unrelated trace. The dispatch span
/// is therefore parented on the delivery's stored <see cref="StripeEventDocument.TraceParent"/>: the first attempt
/// continues the delivery's trace, while retries and replays (minutes or days later) start their own trace with a
/// link back to it, so the original trace is not stretched across hours.
/// </summary>
internal static class DispatchTracing
{
    // The service's own source, which ServiceDefaults listens to (it adds the application name).
    private static readonly ActivitySource Source = new("Saas.Webhooks");

    public static Activity? Start(StripeEventDocument e)
    {
        if (Activity.Current is not null || !ActivityContext.TryParse(e.TraceParent, null, isRemote: true, out var delivery))
        {
            return null; // Inside a trace already (a consumer nudging the other lane), or nothing to continue.
        }

        var firstAttempt = e.RetryCount == 0 && e.PendingReplayId is null;
        KeyValuePair<string, object?>[] tags = [new("saas.stripe_event_id", e.StripeEventId), new("saas.stripe_event_type", e.EventType)];
        return firstAttempt
            ? Source.StartActivity("dispatch stripe event", ActivityKind.Internal, delivery, tags)
            : Source.StartActivity("dispatch stripe event", ActivityKind.Internal, default(ActivityContext), tags, [new ActivityLink(delivery)]);
    }
}
