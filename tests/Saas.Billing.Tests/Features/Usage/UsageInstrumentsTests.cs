using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Billing.Tests.Features.Usage;

/// <summary>Usage reaches the dashboard's charts: <c>saas.usage.tracked</c> and <c>saas.usage.refused</c> move with real tracks.</summary>
public sealed class UsageInstrumentsTests
{
    [Fact]
    public async Task Track_ShouldCountTheQuantityTrackedAndEachRefusalByLimit()
    {
        await using var app = new BillingApp()
            .With("Billing:Plans:0:Limits:requests", "10")
            .With("Billing:Plans:0:DailyLimits:requests", "4");
        var client = app.ClientFor(TestEvents.NewUserId());
        var measurements = Record(app.Services.GetRequiredService<IMeterFactory>());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/usage/track", new { feature = "requests", quantity = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/v1/usage/track", new { feature = "requests", quantity = 2 })).StatusCode);

        Assert.Equal(3, measurements.Where(m => m.Name == "saas.usage.tracked" && m.Tags["feature"] == "requests" && m.Tags["subscriber_kind"] == "user").Sum(m => m.Value));
        var refusal = Assert.Single(measurements, m => m.Name == "saas.usage.refused");
        Assert.Equal(("requests", "daily", 1L), (refusal.Tags["feature"], refusal.Tags["limit"], refusal.Value));
    }

    private sealed record Measurement(string Name, long Value, Dictionary<string, string?> Tags);

    /// <summary>Only this app's meters (their scope is its meter factory): other tests run in parallel.</summary>
    private static ConcurrentBag<Measurement> Record(IMeterFactory meters)
    {
        var seen = new ConcurrentBag<Measurement>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name.StartsWith("saas.usage.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        listener.Start();
        return seen;
    }
}
