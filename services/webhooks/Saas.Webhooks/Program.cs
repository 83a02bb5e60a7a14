using Saas.ServiceDefaults;
using Saas.ServiceDefaults.Configuration;
using Saas.Webhooks;
using Saas.Webhooks.Features.Backfill;
using Saas.Webhooks.Features.Intake;
using Saas.Webhooks.Features.Pipeline;
using Saas.Webhooks.Features.Replay;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebhooksServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapIntakeEndpoints();
app.MapReplayEndpoints();
app.MapReplayTranslationEndpoints();
app.MapSaasBackendRetryEndpoints();
app.MapBackfillEndpoints();
app.MapPipelineEndpoints();

await app.RunWithStartupChecksAsync();

public partial class Program;
