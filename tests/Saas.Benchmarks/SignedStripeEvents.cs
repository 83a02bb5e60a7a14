using System.Globalization;
using System.Text;
using Saas.StripeEmulator;

namespace Saas.Benchmarks;

/// <summary>
/// Stripe <c>customer.subscription.updated</c> events as Stripe posts them, each with its own event, customer and
/// subscription id and a <c>Stripe-Signature</c> made with the real scheme: <c>t=&lt;unix&gt;,v1=hex(HMAC-SHA256(secret,
/// "{t}.{payload}"))</c>. Event <c>i</c> has Stripe <c>created</c> = <see cref="BaseCreated"/> + i seconds, so a time range
/// selects a known set of them for a replay.
/// </summary>
internal sealed class SignedStripeEvents(string secret)
{
    // Compact JSON in Stripe's shape (API 2026-10-28): the fields a real subscription event carries, ~1.6 KB.
    private const string Template =
        """{"id":"evt_@I@","object":"event","api_version":"2026-10-28.endive","created":@C@,"data":{"object":{"id":"sub_@N@","object":"subscription","application":null,"automatic_tax":{"enabled":false,"liability":null},"billing_cycle_anchor":@A@,"billing_thresholds":null,"cancel_at":null,"cancel_at_period_end":false,"canceled_at":null,"cancellation_details":{"comment":null,"feedback":null,"reason":null},"collection_method":"charge_automatically","created":@A@,"currency":"usd","customer":"cus_@N@","days_until_due":null,"default_payment_method":"pm_@N@","default_source":null,"description":null,"discounts":[],"ended_at":null,"items":{"object":"list","data":[{"id":"si_@N@","object":"subscription_item","created":@A@,"current_period_end":@E@,"current_period_start":@A@,"discounts":[],"metadata":{},"price":{"id":"price_pro_monthly","object":"price","active":true,"billing_scheme":"per_unit","created":1767225600,"currency":"usd","livemode":false,"lookup_key":"pro_monthly","metadata":{},"nickname":null,"product":"prod_pro","recurring":{"interval":"month","interval_count":1,"meter":null,"usage_type":"licensed"},"tax_behavior":"unspecified","type":"recurring","unit_amount":2000,"unit_amount_decimal":"2000"},"quantity":1,"subscription":"sub_@N@","tax_rates":[]}],"has_more":false,"total_count":1,"url":"/v1/subscription_items?subscription=sub_@N@"},"latest_invoice":"in_@N@","livemode":false,"metadata":{"userId":"user_@N@"},"pending_update":null,"schedule":null,"start_date":@A@,"status":"active","test_clock":null,"trial_end":null,"trial_start":null},"previous_attributes":{"status":"trialing"}},"livemode":false,"pending_webhooks":1,"request":{"id":"req_@N@","idempotency_key":"@K@"},"type":"customer.subscription.updated"}""";

    /// <summary>Distinguishes this run's ids from any other's.</summary>
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public long BaseCreated { get; } = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds();

    public string Payload(long index)
    {
        var anchor = BaseCreated - 86_400;
        return Template
            .Replace("@I@", $"bench{_run}{index:D10}")
            .Replace("@N@", $"bench{_run}{index:D8}")
            .Replace("@C@", (BaseCreated + index).ToString(CultureInfo.InvariantCulture))
            .Replace("@A@", anchor.ToString(CultureInfo.InvariantCulture))
            .Replace("@E@", (anchor + 30 * 86_400).ToString(CultureInfo.InvariantCulture))
            .Replace("@K@", $"{_run}-{index}");
    }

    public string Signature(string payload, long timestamp) =>
        StripeSignature.Sign(payload, secret, DateTimeOffset.FromUnixTimeSeconds(timestamp));

    /// <summary>
    /// Writes events <paramref name="first"/>..first+count-1, signed now, to <c>{prefix}.0</c> … <c>{prefix}.{parts-1}</c>
    /// (event i in part i % parts), one <c>signature TAB payload</c> a line: what the wrk script posts.
    /// </summary>
    public SignedEventPool Write(string prefix, long first, int count, int parts)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var writers = Enumerable.Range(0, parts)
            .Select(p => new StreamWriter($"{prefix}.{p}", append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
            .ToArray();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var payload = Payload(first + i);
                var writer = writers[i % parts];
                writer.Write(Signature(payload, timestamp));
                writer.Write('\t');
                writer.WriteLine(payload);
            }
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }
        }

        return new SignedEventPool(prefix, first, count, parts);
    }
}

/// <summary>Pre-signed events on disk, split into one file per load thread.</summary>
internal sealed record SignedEventPool(string Prefix, long First, int Count, int Parts)
{
    public IEnumerable<(string Signature, string Payload)> ReadAll()
    {
        var readers = Enumerable.Range(0, Parts).Select(p => new StreamReader($"{Prefix}.{p}")).ToArray();
        try
        {
            while (readers.Select(r => r.ReadLine()).Where(l => l is not null).ToList() is { Count: > 0 } lines)
            {
                foreach (var line in lines)
                {
                    var tab = line!.IndexOf('\t');
                    yield return (line[..tab], line[(tab + 1)..]);
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }
}
