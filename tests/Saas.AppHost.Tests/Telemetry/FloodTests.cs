using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Saas.AppHost.Tests.Support;

namespace Saas.AppHost.Tests.Telemetry;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    /// <summary>Alone, so other tests' allocations do not blur the measurement.</summary>
    public const string Name = "memory measurement";
}

/// <summary>The receiver under a flood: the store keeps its bound and the newest spans, and memory stays bounded.</summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class FloodTests
{
    private const int Sent = 100_000;
    private const int PerRequest = 1_000;
    private const int MaxSpans = 20_000;

    [Fact]
    public async Task Receiver_WhenFloodedWith100000Spans_ShouldKeepOnlyTheNewest20000WithinBoundedMemory()
    {
        await using var host = await ReceiverHost.StartAsync(new Dictionary<string, string?> { ["AppHost:Telemetry:MaxSpans"] = MaxSpans.ToString() });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;

        for (var batch = 0; batch < Sent / PerRequest; batch++)
        {
            var names = Enumerable.Range(batch * PerRequest, PerRequest).Select(i => $"span {i:D6} " + new string('x', 200));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces")
            {
                Content = new ByteArrayContent(ReceiverProtocolTests.Spans("gateway", names).ToByteArray()),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            request.Headers.Add("x-otlp-api-key", ReceiverHost.ApiKey);
            using var response = await host.Otlp.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Equal(MaxSpans, host.Store.SpanCount);
        var kept = (await Json.GetAsync(host.Dashboard, "/api/telemetry/traces?limit=5000")).Array().Select(t => t.Str("rootName")!).ToList();
        Assert.StartsWith($"span {Sent - 1:D6}", kept[0]);
        Assert.DoesNotContain(kept, name => string.CompareOrdinal(name, $"span {Sent - MaxSpans:D6}") < 0);
        var oldestKept = host.Store.Traces(new(null, $"span {Sent - MaxSpans:D6}", 1));
        Assert.Single(oldestKept);
        Assert.Empty(host.Store.Traces(new(null, $"span {Sent - MaxSpans - 1:D6}", 1)));

        // 20,000 spans of ~250-character names with one attribute each take a few tens of MB; 100,000 kept would be
        // five times that. 150 MB of growth is generous for the bound and far below an unbounded store.
        Assert.True(after - before < 150L * 1024 * 1024, $"managed memory grew by {(after - before) / 1024 / 1024} MB");
        Assert.True(peak < before + 400L * 1024 * 1024, $"managed memory peaked at {peak / 1024 / 1024} MB");
    }
}
