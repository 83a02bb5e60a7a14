using System.Diagnostics;
using Saas.FaultTests;

namespace Saas.Benchmarks;

/// <summary>
/// Issue 13's recovery figures: identity, billing and webhooks on a private RabbitMQ node (the fault suite's
/// <see cref="Pipeline"/>), 24 users. For each of the broker, webhooks and billing: a backlog of signed events builds
/// up around a SIGKILL, the component is restarted, and the bench prints the time from the restarted process being up
/// to every event processed and every user showing their newest status, and the events/s of that catch-up.
/// </summary>
internal static class RecoveryBench
{
    private const int Users = 24;
    private const int StepsPerBatch = 12;

    public static async Task RunAsync()
    {
        Console.WriteLine();
        Console.WriteLine("Recovery after kill -9 (restart → backlog drained, users in their newest state)");
        await using var pipeline = await Pipeline.StartAsync(Users);
        var events = SubscriptionStream.Build("bench", [.. pipeline.Users.Select(u => u.Id)], 1 + 3 * StepsPerBatch, DateTimeOffset.UtcNow.AddHours(-1));
        var sent = 0;
        async Task SendAsync(int fromStep, int toStep)
        {
            var batch = events.Where(e => e.Step >= fromStep && e.Step <= toStep).ToList();
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (e, _) => await pipeline.DeliverAsync(e.Payload));
            sent += batch.Count;
        }

        await SendAsync(0, 0); // the checkouts
        await SettledAsync(pipeline, sent, step: 0);

        var rows = new List<(string What, int Backlog, double Seconds)>();
        // Broker: killed, the batch stored meanwhile (intake keeps answering 200), then restarted on its data directory.
        var node = pipeline.Node;
        using (var vm = Process.GetProcessById(node.ProcessId))
        {
            vm.Kill();
            await vm.WaitForExitAsync();
        }

        await SendAsync(1, StepsPerBatch);
        while (node.IsRunning)
        {
            await Task.Delay(50);
        }

        await node.StartAgainAsync();
        rows.Add(("broker", StepsPerBatch * Users, await SettledAsync(pipeline, sent, StepsPerBatch, since: DateTime.UtcNow)));

        // Webhooks: killed right after acknowledging a batch it has only begun to process.
        await SendAsync(StepsPerBatch + 1, 2 * StepsPerBatch);
        await Pipeline.KillAndRestartAsync(pipeline.Webhooks);
        rows.Add(("webhooks", StepsPerBatch * Users, await SettledAsync(pipeline, sent, 2 * StepsPerBatch, pipeline.Webhooks.StartedAt)));

        // Billing: killed, the batch processed by webhooks meanwhile waits in billing's queue, then billing restarts.
        await pipeline.Billing.KillAsync();
        await SendAsync(2 * StepsPerBatch + 1, 3 * StepsPerBatch);
        await pipeline.Billing.StartAsync();
        rows.Add(("billing", StepsPerBatch * Users, await SettledAsync(pipeline, sent, 3 * StepsPerBatch, pipeline.Billing.StartedAt)));

        Console.WriteLine($"{"killed",-10} {"backlog",8} {"recovered in",13} {"catch-up",14}");
        foreach (var (what, backlog, seconds) in rows)
        {
            Console.WriteLine($"{what,-10} {backlog,8} {seconds,11:0.0} s {backlog / seconds,10:0} ev/s");
        }
    }

    /// <summary>Seconds from <paramref name="since"/> until every sent event is processed and every user is at <paramref name="step"/>'s status.</summary>
    private static async Task<double> SettledAsync(Pipeline pipeline, int sent, int step, DateTime? since = null)
    {
        var start = since ?? DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        var pending = Enumerable.Range(0, Users).ToHashSet();
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var counts = await pipeline.WebhookCountsAsync();
                if (counts.GetProperty("processed").GetInt32() >= sent && counts.GetProperty("received").GetInt32() == 0)
                {
                    foreach (var user in pending.ToList())
                    {
                        if (step == 0 || await pipeline.StatusAsync(user) == SubscriptionStream.Status(user, step))
                        {
                            pending.Remove(user);
                        }
                    }

                    if (pending.Count == 0)
                    {
                        return (DateTime.UtcNow - start).TotalSeconds;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"not settled within 5 minutes:{Environment.NewLine}{pipeline.Logs}");
    }
}
