using Saas.Gateway;
using Saas.Gateway.ApiReference;
using Saas.Gateway.Cors;
using Saas.Gateway.Health;
using Saas.Gateway.Hosting;
using Saas.Gateway.InternalPaths;
using Saas.Gateway.RateLimiting;
using Saas.Gateway.RequestLimits;
using Saas.Gateway.Routing;
using Saas.Gateway.SecurityHeaders;
using Saas.Gateway.TrustedProxies;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

InlineSocketCompletions.EnableUnlessSet(); // before any socket exists; see Hosting/InlineSocketCompletions.cs

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(withMessaging: false);
builder.AddGatewayServices();

var app = builder.Build();
app.SkipImplicitAuthorization(); // the gateway authorizes nothing; see Routing/ImplicitAuthorization.cs

app.UseTrustedProxies();       // first, so request ids, logs and rate limits see the real client
app.UseSecurityHeaders();      // nosniff, Referrer-Policy, HSTS over https, the console's CSP; on every answer
app.UseServiceDefaults();      // X-Request-Id, exceptions → ProblemDetails
app.UseInternalPathBlocking(); // before anything can answer or forward an /internal path
app.UseGatewayCors();          // before the limits, so browsers can read a 413 or 429; never on staff paths
app.UseRequestBodyLimit();
app.UseRateLimiter();
app.UseWebhookRejectionLimit(); // webhook routes: counts only deliveries the service refused

app.MapDefaultEndpoints(mapReadiness: false); // /alive and OpenAPI; /health aggregates the services
app.MapGatewayHealth();
app.MapApiReference();
app.MapGatewayRoutes();

await app.RunWithStartupChecksAsync();

public partial class Program;
