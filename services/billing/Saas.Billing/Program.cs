using Saas.Billing;
using Saas.Billing.Features.Checkout;
using Saas.Billing.Features.Organizations;
using Saas.Billing.Features.Plans;
using Saas.Billing.Features.Portal;
using Saas.Billing.Features.Subscriptions;
using Saas.Billing.Features.Timeline;
using Saas.Billing.Features.Usage;
using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBillingServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapPlansEndpoints();
app.MapCheckoutEndpoints();
app.MapPortalEndpoints();
app.MapSubscriptionEndpoints();
app.MapOverrideEndpoints();
app.MapUsageEndpoints();
app.MapUsageAdministrationEndpoints();
app.MapOrganizationSubscriptionEndpoints();
app.MapTimelineEndpoints();

await app.RunWithStartupChecksAsync();

public partial class Program;
