using System.Diagnostics;
using OpenTelemetry.Trace;
using Saas.AppHost.Tests.Support;

namespace Saas.AppHost.Tests.Telemetry;

/// <summary>Spans from the real OTLP exporter come out of <c>/api/telemetry/traces</c> as the dashboard shows them.</summary>
public sealed class TraceDecodingTests
{
    [Fact]
    public async Task Traces_WhenAParentAndAFailedChildAreExported_ShouldListOneErrorTraceWithBothSpans()
    {
        await using var host = await ReceiverHost.StartAsync();
        using var source = new ActivitySource("Test.Traces");
        string traceId;
        using (var provider = OtlpSenders.Traces(host, "identity", source.Name))
        {
            using (var parent = source.StartActivity("POST /api/auth/register", ActivityKind.Server)!)
            {
                traceId = parent.TraceId.ToHexString();
                parent.SetTag("http.request.method", "POST");
                using (var child = source.StartActivity("users insert", ActivityKind.Client)!)
                {
                    child.SetTag("db.system", "litedb");
                    child.SetTag("retry.count", 2);
                    child.AddEvent(new ActivityEvent("duplicate key"));
                    child.SetStatus(ActivityStatusCode.Error, "email already registered");
                }
            }

            Assert.True(provider.ForceFlush());
        }

        var traces = (await Json.GetAsync(host.Dashboard, "/api/telemetry/traces")).Array();
        var trace = Assert.Single(traces);
        Assert.Equal(traceId, trace.Str("traceId"));
        Assert.Equal("POST /api/auth/register", trace.Str("rootName"));
        Assert.Equal("identity", trace.Str("rootResource"));
        Assert.Equal("error", trace.Str("status"));
        Assert.Equal(2, trace.Num("spanCount"));
        Assert.Equal(["identity"], trace!["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.EndsWith("Z", trace!["startTime"]!.GetValue<string>());

        var detail = await Json.GetAsync(host.Dashboard, $"/api/telemetry/traces/{traceId}");
        var spans = detail["spans"]!.AsArray();
        Assert.Equal(2, spans.Count);
        var (root, failed) = (spans[0]!, spans[1]!);
        Assert.Null(root.Str("parentSpanId"));
        Assert.Equal("server", root.Str("kind"));
        Assert.Equal("POST", root["attributes"].Str("http.request.method"));
        Assert.Equal(root.Str("spanId"), failed.Str("parentSpanId"));
        Assert.Equal("client", failed.Str("kind"));
        Assert.Equal("error", failed.Str("status"));
        Assert.Equal("email already registered", failed.Str("statusMessage"));
        Assert.Equal("litedb", failed["attributes"].Str("db.system"));
        Assert.Equal("2", failed["attributes"].Str("retry.count"));
        Assert.Equal("duplicate key", failed["events"]![0].Str("name"));
        Assert.True(root.Num("durationMs") >= failed.Num("durationMs"));
    }

    [Fact]
    public async Task Trace_WhenUnknown_ShouldAnswer404WithAnError()
    {
        await using var host = await ReceiverHost.StartAsync();

        using var response = await host.Dashboard.GetAsync("/api/telemetry/traces/0123456789abcdef0123456789abcdef");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no trace", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Traces_WhenFilteredByResourceOrText_ShouldKeepOnlyMatchingTraces()
    {
        await using var host = await ReceiverHost.StartAsync();
        using var source = new ActivitySource("Test.Filters");
        using (var identity = OtlpSenders.Traces(host, "identity", source.Name))
        {
            source.StartActivity("POST /api/auth/login")!.Dispose();
            identity.ForceFlush();
        }

        string billingTrace;
        using (var billing = OtlpSenders.Traces(host, "billing", source.Name))
        {
            using (var activity = source.StartActivity("GET /api/billing/plans")!)
            {
                billingTrace = activity.TraceId.ToHexString();
            }

            billing.ForceFlush();
        }

        Assert.Equal(["billing", "identity"], (await Json.GetAsync(host.Dashboard, "/api/telemetry/resources")).Array().Select(r => r!.GetValue<string>()));
        var byResource = (await Json.GetAsync(host.Dashboard, "/api/telemetry/traces?resource=billing")).Array();
        Assert.Equal("GET /api/billing/plans", Assert.Single(byResource).Str("rootName"));
        var byName = (await Json.GetAsync(host.Dashboard, "/api/telemetry/traces?text=LOGIN")).Array();
        Assert.Equal("identity", Assert.Single(byName).Str("rootResource"));
        var byId = (await Json.GetAsync(host.Dashboard, $"/api/telemetry/traces?text={billingTrace[..12]}")).Array();
        Assert.Equal(billingTrace, Assert.Single(byId).Str("traceId"));
        Assert.Single((await Json.GetAsync(host.Dashboard, "/api/telemetry/traces?limit=1")).Array());
    }

    [Fact]
    public async Task Traces_WhenLimitIsNotANumberInRange_ShouldAnswer400NamingLimit()
    {
        await using var host = await ReceiverHost.StartAsync();

        foreach (var limit in new[] { "0", "abc", "100000" })
        {
            using var response = await host.Dashboard.GetAsync($"/api/telemetry/traces?limit={limit}");
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("\"field\":\"limit\"", await response.Content.ReadAsStringAsync());
        }
    }
}
