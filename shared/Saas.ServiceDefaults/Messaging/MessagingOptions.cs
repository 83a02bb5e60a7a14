using System.ComponentModel.DataAnnotations;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// How a service talks to RabbitMQ. The broker address itself is <c>ConnectionStrings:messaging</c>
/// (an amqp URI), as Aspire wires it; without one the service runs on an in-process bus.
/// </summary>
public sealed class MessagingOptions : IValidatableObject
{
    /// <summary>Configuration section of these options.</summary>
    public const string SectionName = "Messaging";

    /// <summary>Read from <c>ConnectionStrings:messaging</c>, not from this section.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Delays between in-process retries of a failing consumer; after the last one the message goes to the
    /// error queue. Null means <see cref="DefaultRetryIntervals"/> (a default in the property itself would be
    /// appended to, not replaced, by the configuration binder).
    /// </summary>
    public TimeSpan[]? RetryIntervals { get; set; }

    /// <summary>200 ms, 1 s, 5 s.</summary>
    public static readonly TimeSpan[] DefaultRetryIntervals = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    /// <summary>The retry intervals in effect.</summary>
    public TimeSpan[] EffectiveRetryIntervals => RetryIntervals ?? DefaultRetryIntervals;

    /// <summary>Messages fetched ahead per receive endpoint.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 32;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConnectionString is { Length: > 0 } && TryParseBrokerUri(ConnectionString) is null)
        {
            yield return new ValidationResult(
                "ConnectionStrings:messaging must be an amqp:// or amqps:// URI", [nameof(ConnectionString)]);
        }

        if (EffectiveRetryIntervals.Any(i => i < TimeSpan.Zero))
        {
            yield return new ValidationResult("retry intervals cannot be negative", [nameof(RetryIntervals)]);
        }
    }

    /// <summary>The broker address, or null when <paramref name="connectionString"/> is not an amqp(s) URI.</summary>
    public static Uri? TryParseBrokerUri(string connectionString) =>
        Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" ? uri : null;
}
