using Microsoft.Extensions.Options;

namespace Saas.Admin.Features.Alerts;

/// <summary>The one place alert rules are evaluated: every <c>Alerts:EvaluationInterval</c>, then start/end notifications.</summary>
public sealed class AlertEvaluator(
    IServiceScopeFactory scopes, AlertBoard board, AlertNotifier notifier, TimeProvider time, IOptions<AlertOptions> options,
    ILogger<AlertEvaluator> logger) : BackgroundService
{
    private readonly SemaphoreSlim evaluating = new(1, 1);

    /// <summary>Evaluates now (the loop, and tests that cause a condition and want its alert without waiting).</summary>
    public async Task EvaluateOnceAsync(CancellationToken ct)
    {
        await evaluating.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var conditions = await scope.ServiceProvider.GetRequiredService<AlertConditions>().EvaluateAsync(ct);
            var now = time.GetUtcNow();
            var (started, ended) = board.Apply(conditions, now);
            foreach (var alert in started)
            {
                logger.LogWarning("Alert {AlertKey} firing: {AlertMessage}", alert.Key, alert.Message);
                notifier.Started(alert);
            }

            foreach (var alert in ended)
            {
                logger.LogInformation("Alert {AlertKey} resolved after {Seconds:0} s", alert.Key, (now - alert.Since).TotalSeconds);
                notifier.Ended(alert, now);
            }

            await notifier.DeliverAsync(ct);
        }
        finally
        {
            evaluating.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // First evaluation after one interval: services starting beside admin are not reported down meanwhile.
        using var timer = new PeriodicTimer(options.Value.EvaluationInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EvaluateOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Evaluating alert rules failed; trying again at the next interval");
            }
        }
    }
}
