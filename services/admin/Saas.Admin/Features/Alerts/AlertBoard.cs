namespace Saas.Admin.Features.Alerts;

/// <summary>
/// The alerts firing now, kept in memory by the one evaluator: each evaluation's conditions replace the set, an alert
/// keeping its first <c>Since</c> while it stays true. The banner, the alerts page, the API and the health check read it.
/// </summary>
public sealed class AlertBoard
{
    private readonly Lock gate = new();
    private Dictionary<string, ActiveAlert> active = new(StringComparer.Ordinal);

    /// <summary>When the rules were last evaluated; null before the first evaluation.</summary>
    public DateTimeOffset? EvaluatedAt { get; private set; }

    public IReadOnlyList<ActiveAlert> Active
    {
        get
        {
            lock (gate)
            {
                return [.. active.Values.OrderBy(a => a.Since).ThenBy(a => a.Key, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Replaces the set with <paramref name="conditions"/>; answers the alerts that started and those that ended.</summary>
    public (IReadOnlyList<ActiveAlert> Started, IReadOnlyList<ActiveAlert> Ended) Apply(IEnumerable<AlertCondition> conditions, DateTimeOffset now)
    {
        lock (gate)
        {
            var next = new Dictionary<string, ActiveAlert>(StringComparer.Ordinal);
            var started = new List<ActiveAlert>();
            foreach (var c in conditions)
            {
                // The message may change (counts grow) while the alert keeps its start.
                var since = active.TryGetValue(c.Key, out var existing) ? existing.Since : now;
                var alert = new ActiveAlert(c.Key, c.Rule, c.Message, c.Link, since);
                next[c.Key] = alert;
                if (existing is null)
                {
                    started.Add(alert);
                }
            }

            var ended = active.Values.Where(a => !next.ContainsKey(a.Key)).ToList();
            active = next;
            EvaluatedAt = now;
            return (started, ended);
        }
    }
}
