namespace Saas.Admin.Features.Timeline;

/// <summary>
/// One line of a customer's timeline. <see cref="Kind"/>: <c>stripe_event</c>, <c>transition</c>,
/// <c>staff_action</c>, <c>membership</c>, <c>invitation</c>, <c>usage_reset</c>, <c>account</c>; <see cref="Link"/>
/// is the console page with the details.
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Title, string? Detail, string? Status, string? Link);

/// <summary>
/// A user's or organization's timeline, newest first. <see cref="Gaps"/> names the sources that could not be read
/// (a service down): the rest is still shown.
/// </summary>
public sealed record CustomerTimelineView(
    string SubscriberKind, string SubscriberId, string? Name, string? StripeCustomerId, string? Status,
    IReadOnlyList<TimelineEntry> Entries, IReadOnlyList<string> Gaps);
