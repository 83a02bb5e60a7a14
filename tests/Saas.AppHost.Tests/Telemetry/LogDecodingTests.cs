using System.Diagnostics;
using OpenTelemetry.Trace;
using Saas.AppHost.Tests.Support;

namespace Saas.AppHost.Tests.Telemetry;

/// <summary>Log records from the real OTLP exporter, found through <c>/api/telemetry/logs</c> and its filters.</summary>
public sealed class LogDecodingTests
{
    [Fact]
    public async Task Logs_WhenWrittenInsideASpan_ShouldCarryItsTraceIdLevelMessageAndCategory()
    {
        await using var host = await ReceiverHost.StartAsync();
        using var source = new ActivitySource("Test.Logs");
        using var tracing = OtlpSenders.Traces(host, "identity", source.Name);
        string traceId, spanId;
        using (var logging = OtlpSenders.Logs(host, "identity"))
        {
            var logger = logging.CreateLogger("Saas.Identity.Auth.Register");
            using (var activity = source.StartActivity("POST /api/auth/register")!)
            {
                (traceId, spanId) = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
                logger.LogWarning("Registration refused for {Email}: {Reason}", "ada@example.com", "duplicate");
            }

            logger.LogInformation("Outside any request");
        }

        var logs = (await Json.GetAsync(host.Dashboard, "/api/telemetry/logs")).Array();
        Assert.Equal(2, logs.Count);
        var (newest, warning) = (logs[0]!, logs[1]!);
        Assert.Equal("Outside any request", newest.Str("message"));
        Assert.Null(newest.Str("traceId"));
        Assert.Equal("Registration refused for ada@example.com: duplicate", warning.Str("message"));
        Assert.Equal("Warning", warning.Str("level"));
        Assert.Equal("identity", warning.Str("resource"));
        Assert.Equal("Saas.Identity.Auth.Register", warning.Str("category"));
        Assert.Equal(traceId, warning.Str("traceId"));
        Assert.Equal(spanId, warning.Str("spanId"));
        Assert.Equal("ada@example.com", warning["attributes"].Str("Email"));
        Assert.Null(warning["attributes"].Str("{OriginalFormat}"));
    }

    [Fact]
    public async Task Logs_WhenFiltered_ShouldKeepOnlyMatchingRecords()
    {
        await using var host = await ReceiverHost.StartAsync();
        using var source = new ActivitySource("Test.LogFilters");
        using var tracing = OtlpSenders.Traces(host, "billing", source.Name);
        string traceId;
        using (var identity = OtlpSenders.Logs(host, "identity"))
        {
            identity.CreateLogger("Identity").LogError("Token signing key missing");
            identity.CreateLogger("Identity").LogDebug("Cache warmed");
        }

        using (var billing = OtlpSenders.Logs(host, "billing"))
        {
            var logger = billing.CreateLogger("Billing");
            using (var activity = source.StartActivity("checkout")!)
            {
                traceId = activity.TraceId.ToHexString();
                logger.LogInformation("Checkout session created");
            }

            logger.LogWarning("Stripe answered slowly");
        }

        async Task<List<string?>> Messages(string query) =>
            (await Json.GetAsync(host.Dashboard, "/api/telemetry/logs" + query)).Array().Select(l => l.Str("message")).ToList();

        Assert.Equal(["Stripe answered slowly", "Checkout session created"], await Messages("?resource=billing"));
        Assert.Equal(["Stripe answered slowly", "Token signing key missing"], await Messages("?level=warning"));
        Assert.Equal(["Token signing key missing"], await Messages("?level=Error"));
        Assert.Equal(["Checkout session created"], await Messages($"?traceId={traceId}"));
        Assert.Equal(["Token signing key missing"], await Messages("?text=SIGNING"));
        Assert.Equal(["Stripe answered slowly"], await Messages("?limit=1"));
        Assert.Equal(4, (await Messages("")).Count);

        using var bad = await host.Dashboard.GetAsync("/api/telemetry/logs?level=loud");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"field\":\"level\"", await bad.Content.ReadAsStringAsync());
    }
}
