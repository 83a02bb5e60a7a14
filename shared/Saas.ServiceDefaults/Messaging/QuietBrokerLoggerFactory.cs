using Microsoft.Extensions.Logging;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>
/// Wraps the host's logger factory so that, for MassTransit's categories, entries about a failing broker
/// connection go to <see cref="BrokerConnection"/> (counted, one warning) instead of the log. While the broker is
/// down, MassTransit's other entries carrying an exception and the health-check service's complaints about the
/// bus (one per <c>/health</c> probe) are dropped too. Every other category is untouched.
/// </summary>
internal sealed class QuietBrokerLoggerFactory(ILoggerFactory inner, BrokerConnection connection) : ILoggerFactory
{
    private const string HealthChecks = "Microsoft.Extensions.Diagnostics.HealthChecks";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        if (categoryName.StartsWith("MassTransit", StringComparison.Ordinal))
        {
            return new BusLogger(logger, connection, health: false);
        }

        return categoryName.StartsWith(HealthChecks, StringComparison.Ordinal) ? new BusLogger(logger, connection, health: true) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class BusLogger(ILogger inner, BrokerConnection connection, bool health) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (health)
            {
                if (connection.IsDown && logLevel >= LogLevel.Warning &&
                    formatter(state, exception).Contains("masstransit", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }
            else if (BrokerConnection.IsConnectionFailure(exception))
            {
                connection.Failed(BrokerConnection.Reason(exception));
                return;
            }
            else if (exception is not null && connection.IsDown)
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
