using System.Diagnostics.Metrics;

namespace Saas.Webhooks;

/// <summary>
/// The webhook pipeline's counters, on the meter ServiceDefaults exports (<c>Saas</c>), named <c>saas.webhooks.*</c>.
/// </summary>
public sealed class WebhookMetrics
{
    public const string MeterName = "Saas";
    private readonly Counter<long> received;
    private readonly Counter<long> duplicates;
    private readonly Counter<long> divergences;
    private readonly Counter<long> rejected;
    private readonly Counter<long> processed;
    private readonly Counter<long> attemptsFailed;
    private readonly Counter<long> failed;
    private readonly Histogram<double> lag;
    private readonly Counter<long> drifted;
    private readonly Histogram<double> intakeStore;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        received = meter.CreateCounter<long>("saas.webhooks.received", "{event}", "Verified Stripe events stored for the first time");
        duplicates = meter.CreateCounter<long>("saas.webhooks.duplicates", "{event}", "Redeliveries of an event already stored");
        divergences = meter.CreateCounter<long>("saas.webhooks.divergences", "{event}", "Redeliveries whose payload differs from the stored one");
        rejected = meter.CreateCounter<long>("saas.webhooks.rejected", "{request}", "Deliveries refused (signature, timestamp, JSON, size)");
        processed = meter.CreateCounter<long>("saas.webhooks.processed", "{event}", "Events processed (published or ignored)");
        attemptsFailed = meter.CreateCounter<long>("saas.webhooks.attempts_failed", "{attempt}", "Processing attempts that failed");
        failed = meter.CreateCounter<long>("saas.webhooks.failed", "{event}", "Events that failed their last attempt");
        drifted = meter.CreateCounter<long>("saas.webhooks.api_version_drift", "{event}",
            "Events stored whose api_version is not the one Stripe.net is pinned to");
        lag = meter.CreateHistogram<double>("saas.webhooks.processing_lag", "s", "From receipt to processed");
        // Beside http.server.request.duration it says how much of an intake answer is the wait for its durable commit.
        intakeStore = meter.CreateHistogram<double>("saas.webhooks.intake_store_duration", "s",
            "From the intake's insert to its durable commit: the write queue's wait, the batch and its fsync");
    }

    public void Received(string type) => received.Add(1, new KeyValuePair<string, object?>("event_type", type));
    public void Duplicate(string type) => duplicates.Add(1, new KeyValuePair<string, object?>("event_type", type));
    public void Divergent(string type) => divergences.Add(1, new KeyValuePair<string, object?>("event_type", type));
    public void Drifted(string type, string apiVersion) => drifted.Add(1,
        new KeyValuePair<string, object?>("event_type", type), new KeyValuePair<string, object?>("api_version", apiVersion));
    public void IntakeStored(TimeSpan duration) => intakeStore.Record(duration.TotalSeconds);
    public void Rejected(string reason) => rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
    public void AttemptFailed(string type) => attemptsFailed.Add(1, new KeyValuePair<string, object?>("event_type", type));
    public void Failed(string type) => failed.Add(1, new KeyValuePair<string, object?>("event_type", type));

    public void Processed(string type, string outcome, bool replay, TimeSpan sinceReceipt)
    {
        processed.Add(1,
            new KeyValuePair<string, object?>("event_type", type),
            new KeyValuePair<string, object?>("outcome", outcome),
            new KeyValuePair<string, object?>("replay", replay));
        lag.Record(Math.Max(0, sinceReceipt.TotalSeconds), new KeyValuePair<string, object?>("replay", replay));
    }
}
