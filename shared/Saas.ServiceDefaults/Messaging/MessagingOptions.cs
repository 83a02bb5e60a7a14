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

    /// <summary>Delays between in-process retries of a failing consumer; after the last one the message goes to the error queue.</summary>
    public TimeSpan[] RetryIntervals { get; set; } = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    /// <summary>Messages fetched ahead per receive endpoint.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 32;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConnectionString is { Length: > 0 } uri &&
            (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("amqp" or "amqps" or "rabbitmq")))
        {
            yield return new ValidationResult(
                "ConnectionStrings:messaging must be an amqp:// or amqps:// URI", [nameof(ConnectionString)]);
        }

        if (RetryIntervals.Any(i => i < TimeSpan.Zero))
        {
            yield return new ValidationResult("retry intervals cannot be negative", [nameof(RetryIntervals)]);
        }
    }
}
