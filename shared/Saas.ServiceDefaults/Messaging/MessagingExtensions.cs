using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using Saas.ServiceDefaults.Configuration;

namespace Saas.ServiceDefaults.Messaging;

/// <summary>MassTransit wiring shared by every service.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// Registers MassTransit with every consumer of <paramref name="consumerAssembly"/>: RabbitMQ when
    /// <c>ConnectionStrings:messaging</c> is set, otherwise the in-memory transport (one process only).
    /// Failing messages are retried in process at <see cref="MessagingOptions.RetryIntervals"/>, then
    /// moved to the endpoint's <c>_error</c> queue.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, Assembly consumerAssembly)
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Messaging);
        builder.Services.AddValidatedOptions<MessagingOptions>(MessagingOptions.SectionName)
            .Configure(o => o.ConnectionString = connectionString);

        var formatter = EndpointNameFormatterFor(builder.Environment.ApplicationName);

        // The bus is built as soon as a health check is mapped, before the host validates options at start,
        // so it reads its settings directly and ignores invalid ones: validation then reports them by key.
        var settings = builder.Configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>() ?? new();
        settings.ConnectionString = connectionString;
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings, new(settings), null, validateAllProperties: true))
        {
            settings = new MessagingOptions();
        }

        if (!string.IsNullOrEmpty(connectionString))
        {
            AddQuietBrokerLogging(builder.Services);
            // Queue depth, consumers and error-queue messages of this process's own queues, as gauges and a health check.
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<BrokerQueues>();
            builder.Services.AddHostedService<QueueInstruments>();
            builder.Services.AddHealthChecks().AddCheck<ErrorQueueHealthCheck>(ErrorQueueHealthCheck.Name);
        }

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit phones home at start by default; this machine's network (and many production ones)
            // refuses, which only produces a warning with a stack trace.
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(formatter);
            bus.AddConsumers(consumerAssembly);
            if (!string.IsNullOrEmpty(connectionString))
            {
                bus.AddReceiveEndpointObserver<QueueNameObserver>();
            }

            if (string.IsNullOrEmpty(connectionString))
            {
                bus.UsingInMemory((context, cfg) => ConfigureEndpoints(context, cfg, settings));
                return;
            }

            bus.UsingRabbitMq((context, cfg) =>
            {
                if (MessagingOptions.TryParseBrokerUri(connectionString) is { } broker)
                {
                    cfg.Host(broker);
                }

                cfg.PrefetchCount = settings.PrefetchCount;
                BrokerReconnect.Apply(cfg);
                ConfigureEndpoints(context, cfg, settings);
            });
        });
        return builder;
    }

    /// <summary>
    /// One warning when the broker connection is lost, one when it is back, a count meanwhile: MassTransit's log
    /// entries for the failing connection (a stack trace per attempt) go to <see cref="BrokerConnection"/>.
    /// </summary>
    private static void AddQuietBrokerLogging(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService);
        if (original is null)
        {
            return;
        }

        services.Remove(original);
        services.AddKeyedSingleton(typeof(ILoggerFactory), InnerLoggerFactoryKey, (sp, _) => Resolve(sp, original));
        services.AddSingleton(sp => new BrokerConnection(
            new Logger<BrokerConnection>(sp.GetRequiredKeyedService<ILoggerFactory>(InnerLoggerFactoryKey)), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ILoggerFactory>(sp => new QuietBrokerLoggerFactory(
            sp.GetRequiredKeyedService<ILoggerFactory>(InnerLoggerFactoryKey), sp.GetRequiredService<BrokerConnection>()));
        services.AddHostedService<BrokerConnectionWatch>();
    }

    private const string InnerLoggerFactoryKey = "saas-inner-logger-factory";

    private static object Resolve(IServiceProvider sp, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);

    /// <summary>
    /// Queue names are prefixed by the service (<c>billing-…</c>), so two services consuming one event
    /// each get their own copy instead of competing for it.
    /// </summary>
    public static IEndpointNameFormatter EndpointNameFormatterFor(string applicationName) =>
        new KebabCaseEndpointNameFormatter(applicationName.Replace("Saas.", "").ToLowerInvariant(), false);

    private static void ConfigureEndpoints<T>(IBusRegistrationContext context, IBusFactoryConfigurator<T> cfg, MessagingOptions options)
        where T : IReceiveEndpointConfigurator
    {
        if (options.EffectiveRetryIntervals.Length > 0)
        {
            cfg.UseMessageRetry(r => r.Intervals(options.EffectiveRetryIntervals));
        }

        cfg.ConfigureEndpoints(context);
    }
}
