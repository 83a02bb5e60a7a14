using System.Globalization;

namespace Saas.AppHost.Telemetry.Queues;

/// <summary>One RabbitMQ queue as the metrics view shows it.</summary>
internal sealed record QueueDepth(string Name, long Messages, long Consumers, bool IsErrorQueue);

/// <summary>
/// Reads <c>rabbitmqctl list_queues name messages consumers</c>: tab-separated rows, after informational lines
/// ("Timeout: …", "Listing queues for vhost / …") and a header row, which are skipped because their last two
/// columns are not numbers.
/// </summary>
internal static class QueueListParser
{
    public static IReadOnlyList<QueueDepth> Parse(string output)
    {
        var queues = new List<QueueDepth>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split from the right: the counts are the last two columns, and a queue name may in principle hold a tab.
            var last = line.LastIndexOf('\t');
            var middle = last > 0 ? line.LastIndexOf('\t', last - 1) : -1;
            if (middle <= 0 ||
                !long.TryParse(line.AsSpan(middle + 1, last - middle - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var messages) ||
                !long.TryParse(line.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var consumers))
            {
                continue;
            }

            var name = line[..middle];
            queues.Add(new QueueDepth(name, messages, consumers, IsErrorQueue(name)));
        }

        return queues.OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>MassTransit moves faulted messages to <c>&lt;queue&gt;_error</c> and unconsumed ones to <c>&lt;queue&gt;_skipped</c>.</summary>
    public static bool IsErrorQueue(string name) =>
        name.EndsWith("_error", StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal);
}
