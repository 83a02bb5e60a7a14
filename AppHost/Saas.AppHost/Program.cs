using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saas.AppHost.Diagnostics;
using Saas.AppHost.Messaging;
using Saas.AppHost.Wiring;
using Saas.ServiceDefaults;

// The app model: a private RabbitMQ node (or the broker given as ConnectionStrings__messaging, or, opted in, Aspire's
// RabbitMQ container), an optional external MongoDB, the Stripe emulator when no Stripe key is set, the four services
// and the gateway, wired with the keys of DESIGN.md's table. Aspire's DCP runs the processes; its dashboard shows
// resources, logs, traces and metrics.
ProjectWiring.RemoveInheritedPortSettings();
var builder = DistributedApplication.CreateBuilder(args);
var settings = AppHostSettings.From(builder.Configuration, builder.AppHostDirectory);

var messaging = builder.AddMessaging(settings);

var mongodb = builder.Configuration.GetConnectionString(ResourceNames.MongoDb) is { Length: > 0 }
    ? builder.AddConnectionString(ResourceNames.MongoDb)
    : null;

var stripe = StripeWiring.Plan(builder.Configuration, settings.EnvFile);
var ports = FreePorts.Next(ResourceNames.Services.Count + 1);
var emulator = stripe.UseEmulator ? builder.AddStripeEmulator(stripe, ports[^1], settings.GatewayPort) : null;

var services = ResourceNames.Services
    .Select((name, i) => builder.AddSaasProject(name, ports[i], settings, messaging, mongodb, stripe, emulator))
    .ToList();
services[ResourceNames.Services.ToList().IndexOf(ResourceNames.Webhooks)]
    .WithWebhookReplayCommands(ports[ResourceNames.Services.ToList().IndexOf(ResourceNames.Webhooks)], settings.InternalApiKey);
services.WithConsoleLinks(builder.Configuration, settings.GatewayPort);
foreach (var service in services)
{
    foreach (var other in services.Where(s => s != service))
    {
        service.WithReference(other);
    }
}

var gateway = builder.AddSaasProject(ResourceNames.Gateway, settings.GatewayPort, settings, messaging, mongodb, stripe, emulator);
foreach (var service in services)
{
    // No WaitFor: the gateway starts beside the services (it proxies per request; a service not yet up answers 502).
    gateway.WithReference(service);
}

var readyLines = $"Gateway: http://localhost:{settings.GatewayPort}";
if (FirstStartOperator.Plan(builder.Configuration, settings) is { } oneTimePassword)
{
    readyLines += Environment.NewLine + services[ResourceNames.Services.ToList().IndexOf(ResourceNames.Admin)]
        .WithFirstStartOperator(oneTimePassword, settings.GatewayPort);
}

// "All resources healthy in N s", then the gateway's URL (and the console's one-time sign-in): what ./saas up shows
// once the system answers.
builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<StartupTimer>(sp, readyLines));

builder.Build().Run();
