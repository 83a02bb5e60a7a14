using Saas.Gateway;
using Saas.Gateway.ApiReference;
using Saas.Gateway.Health;
using Saas.Gateway.InternalPaths;
using Saas.Gateway.RateLimiting;
using Saas.Gateway.RequestLimits;
using Saas.Gateway.Routing;
using Saas.Gateway.TrustedProxies;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(withMessaging: false);
builder.AddGatewayServices();

var app = builder.Build();

app.UseTrustedProxies();       // first, so request ids, logs and rate limits see the real client
app.UseServiceDefaults();      // X-Request-Id, exceptions → ProblemDetails
app.UseInternalPathBlocking(); // before anything can answer or forward an /internal path
app.UseCors();                 // before the limits, so browsers can read a 413 or 429
app.UseRequestBodyLimit();
app.UseRateLimiter();
app.UseWebhookRejectionLimit(); // webhook routes: counts only deliveries the service refused

app.MapDefaultEndpoints(mapReadiness: false); // /alive and OpenAPI; /health aggregates the services
app.MapGatewayHealth();
app.MapApiReference();
app.MapGatewayRoutes();

await app.RunWithStartupChecksAsync();

public partial class Program;
