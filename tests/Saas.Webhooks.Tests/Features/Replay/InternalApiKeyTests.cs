using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Replay;

/// <summary>
/// Issue 15, finding 5: the event log, replay and backfill API checked no key at all, so any pod on the network could
/// read every Stripe event and replay them. Now every <c>/internal/webhooks</c> route requires the internal key.
/// </summary>
public sealed class InternalApiKeyTests
{
    [Theory]
    [InlineData("GET", "/internal/webhooks/events")]
    [InlineData("GET", "/internal/webhooks/events/evt_key")]
    [InlineData("GET", "/internal/webhooks/counts")]
    [InlineData("POST", "/internal/webhooks/events/evt_key/replay")]
    [InlineData("POST", "/internal/webhooks/replays")]
    [InlineData("POST", "/internal/webhooks/backfill")]
    public async Task InternalRoute_WhenCalledWithoutOrWithAWrongKey_ShouldAnswer401(string method, string path)
    {
        await using var app = new WebhooksApp();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Internal-Api-Key");

        var withoutKey = await client.SendAsync(Request(method, path, key: null));
        var wrongKey = await client.SendAsync(Request(method, path, key: WebhooksApp.InternalApiKey + "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
    }

    [Fact]
    public async Task Replay_WhenCalledWithoutTheKey_ShouldReplayNothing()
    {
        await using var app = new WebhooksApp();
        await app.SubscriptionUpdateAsync("evt_nokey", "cus_nokey");
        await app.ProcessedAsync("evt_nokey");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Internal-Api-Key");

        var response = await client.SendAsync(Request("POST", "/internal/webhooks/events/evt_nokey/replay", key: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await app.Log.FindAsync("evt_nokey", CancellationToken.None))!.Replays);
    }

    [Fact]
    public async Task List_WhenCalledWithTheKey_ShouldAnswer()
    {
        await using var app = new WebhooksApp();

        var response = await app.CreateClient().GetAsync("/internal/webhooks/events");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short-key")]
    public void Start_WhenNoKeyOutsideDevelopment_ShouldRefuseNamingTheKey(string? key)
    {
        using var app = new WebhooksApp().With("Webhooks:InternalApiKey", key);

        var failure = Assert.IsType<OptionsValidationException>(app.StartFailure());

        Assert.StartsWith("Webhooks:InternalApiKey:", Assert.Single(failure.Failures));
    }

    private static HttpRequestMessage Request(string method, string path, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { reason = "attacker", requestedBy = "attacker", status = "failed" });
            request.Headers.Add("X-Requested-By", "attacker");
        }

        if (key is not null)
        {
            request.Headers.Add("X-Internal-Api-Key", key);
        }

        return request;
    }
}
