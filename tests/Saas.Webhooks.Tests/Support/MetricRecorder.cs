using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Webhooks.Tests.Support;

/// <summary>Records the measurements of one app's <c>saas.webhooks.*</c> instruments (other apps in the run are ignored).</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> measurements = new();

    public MetricRecorder(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _ = services.GetRequiredService<WebhookMetrics>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name.StartsWith("saas.webhooks.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i.Name, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i.Name, v, tags));
        listener.Start();
    }

    public double Sum(string name, string? tag = null, object? value = null) =>
        measurements.Where(m => m.Name == name && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    public int Count(string name) => measurements.Count(m => m.Name == name);

    /// <summary>Asks the observable gauges for their value now and answers <paramref name="name"/>'s, or null when it reported none.</summary>
    public double? Observe(string name)
    {
        var before = measurements.Count;
        listener.RecordObservableInstruments();
        return measurements.Skip(before).Where(m => m.Name == name).Select(m => (double?)m.Value).LastOrDefault();
    }

    public void Dispose() => listener.Dispose();

    private void Add(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        measurements.Enqueue((name, value, copy));
    }
}
