using System.ComponentModel.DataAnnotations;

namespace Saas.Webhooks;

/// <summary>How the webhooks service takes in, processes and retries Stripe events (section <c>Webhooks</c>).</summary>
public sealed class WebhooksOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>Largest accepted payload; Stripe's events are a few KB, so anything near this is not Stripe.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Accepted age of the signature timestamp, in seconds (Stripe's default tolerance).</summary>
    [Range(1, 3600)]
    public int SignatureToleranceSeconds { get; set; } = 300;

    /// <summary>Svix's schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>
    /// Delay before each processing attempt; its length is the number of attempts. Unset means
    /// <see cref="DefaultRetrySchedule"/> (null rather than a default array: the binder appends to arrays).
    /// </summary>
    public TimeSpan[]? RetrySchedule { get; set; }

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule is { Length: > 0 } schedule ? schedule : DefaultRetrySchedule;

    /// <summary>How often the sweeper looks for due retries and events never handed on.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A handed-on event still pending after this long is handed on again, unless a live consumer holds its
    /// customer (its message may be lost with a killed process). Short, so a crash is recovered in seconds; a
    /// needless resend only costs a look at the customer's queue.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RedispatchAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events processed at once by this process (first deliveries and retries).</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>
    /// Replays processed at once, kept apart so a large replay does not delay live traffic. Their CPU work runs on two
    /// lowest-priority threads whatever this is, so a higher value overlaps more store and broker waits without
    /// taking CPU from anything else.
    /// </summary>
    [Range(1, 256)]
    public int ReplayConcurrentMessageLimit { get; set; } = 4;

    /// <summary>
    /// How long saasbackend's retry routes wait for the retried events' outcome before answering "still pending"
    /// (saasbackend processed them on the request; here they take the replay path like any other). Below admin's
    /// 10 s per-attempt timeout for its downstream calls.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryWait { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How long one consumer holds a customer's processing lease before others may take it over. Renewed before
    /// each event, so it only has to outlast one event's processing (bounded by <see cref="PublishTimeout"/>);
    /// short, so a killed holder blocks its customer for seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CustomerLeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Where customer leases live: <see cref="Features.Processing.CustomerLeaseScope.Process"/> (memory) when this process is
    /// the only one working on its event log, <see cref="Features.Processing.CustomerLeaseScope.Store"/> when several share one
    /// store. Unset: Store with MongoDB (replicas may share it), Process with the embedded SQLite file (one process owns it).
    /// </summary>
    public Features.Processing.CustomerLeaseScope? CustomerLeaseScope { get; set; }

    /// <summary>Longest wait for the broker when handing an event on; the sweeper retries later.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Shared key the event log and replay API (<c>/internal/webhooks/**</c>) require in <c>X-Internal-Api-Key</c>
    /// (admin's <c>Admin:WebhooksApiKey</c>). Required outside Development.
    /// </summary>
    public string? InternalApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetrySchedule?.Any(d => d < TimeSpan.Zero) == true)
        {
            yield return new ValidationResult("delays cannot be negative", [nameof(RetrySchedule)]);
        }

        if (CustomerLeaseDuration < 2 * PublishTimeout)
        {
            yield return new ValidationResult("must be at least twice PublishTimeout, so a lease outlasts one event", [nameof(CustomerLeaseDuration)]);
        }
    }
}
