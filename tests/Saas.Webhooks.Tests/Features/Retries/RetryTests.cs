using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saas.Contracts.Webhooks;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Retries;

public sealed class RetryTests
{
    [Fact]
    public async Task Process_WhenPublishingKeepsFailing_ShouldRetryOnTheScheduleRecordEachAttemptThenFail()
    {
        await using var app = new WebhooksApp()
            .With("Webhooks:RetrySchedule:0", "00:00:00")
            .With("Webhooks:RetrySchedule:1", "00:00:05")
            .With("Webhooks:RetrySchedule:2", "00:01:00");
        using var metrics = new MetricRecorder(app.Services);
        app.Failure.Failing = true;
        var receivedAt = app.Time.GetUtcNow();

        await app.SubscriptionUpdateAsync("evt_retry", "cus_retry");

        var first = await Eventually.EventAsync(app, "evt_retry", e => e.RetryCount == 1, "first attempt");
        Assert.Equal(("received", receivedAt + TimeSpan.FromSeconds(5)), (first.Status, first.NextAttemptAt));
        Assert.Equal(0, await app.Sweeper.SweepOnceAsync(CancellationToken.None)); // not due yet

        app.Time.Advance(TimeSpan.FromSeconds(5));
        await app.Sweeper.SweepOnceAsync(CancellationToken.None);
        var second = await Eventually.EventAsync(app, "evt_retry", e => e.RetryCount == 2, "second attempt");
        Assert.Equal(app.Time.GetUtcNow() + TimeSpan.FromMinutes(1), second.NextAttemptAt);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.Sweeper.SweepOnceAsync(CancellationToken.None);
        var failed = await Eventually.EventAsync(app, "evt_retry", e => e.Status == "failed", "failed");

        Assert.Equal((3, null), (failed.RetryCount, failed.NextAttemptAt));
        Assert.Equal([receivedAt, receivedAt.AddSeconds(5), receivedAt.AddSeconds(65)], failed.Attempts.Select(a => a.At));
        Assert.All(failed.Attempts, a => Assert.Equal("InvalidOperationException: broker refused the message", a.Error));
        Assert.All(failed.Attempts, a => Assert.False(string.IsNullOrEmpty(a.TraceId)));
        Assert.Equal(3, failed.ProcessingErrors.Count);
        Assert.Equal((3, 1), (metrics.Sum("saas.webhooks.attempts_failed"), metrics.Sum("saas.webhooks.failed")));
        Assert.Empty(app.Harness.Published.Select<StripeSubscriptionChanged>());
    }

    [Fact]
    public async Task Process_WhenPublishingRecovers_ShouldSucceedOnTheNextAttemptAndPublishOnce()
    {
        await using var app = new WebhooksApp();
        app.Failure.Failing = true;
        await app.SubscriptionUpdateAsync("evt_recover", "cus_recover");
        await Eventually.EventAsync(app, "evt_recover", e => e.RetryCount == 1, "first attempt");
        app.Failure.Failing = false;

        app.Time.Advance(TimeSpan.FromSeconds(5));
        await app.Sweeper.SweepOnceAsync(CancellationToken.None);

        var processed = await app.ProcessedAsync("evt_recover");
        Assert.Equal([false, true], processed.Attempts.Select(a => a.Error is null));
        Assert.Single(app.Harness.Published.Select<StripeSubscriptionChanged>());
    }

    [Fact]
    public void RetrySchedule_WhenNotConfigured_ShouldBeSvixs()
    {
        var schedule = new WebhooksOptions().Schedule;

        Assert.Equal(["00:00:00", "00:00:05", "00:05:00", "00:30:00", "02:00:00", "05:00:00", "10:00:00", "10:00:00"], schedule.Select(d => d.ToString()));
    }

    [Fact]
    public async Task Start_WhenARetryDelayIsNegative_ShouldFailNamingTheKey()
    {
        await using var app = new WebhooksApp().With("Webhooks:RetrySchedule:0", "-00:00:01");

        var error = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.Contains("Webhooks:RetrySchedule", error.Message);
    }
}
