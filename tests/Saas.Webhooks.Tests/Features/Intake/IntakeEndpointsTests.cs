using Saas.StripeEmulator;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saas.Webhooks.Tests.Support;

namespace Saas.Webhooks.Tests.Features.Intake;

public sealed class IntakeEndpointsTests
{
    private static readonly string Valid = StripePayloads.Event(
        "evt_intake_1", "customer.subscription.updated", StripePayloads.Subscription("cus_intake"), DateTimeOffset.UtcNow.AddMinutes(-1));

    public static TheoryData<string, HttpStatusCode, string, string> BadDeliveries => new()
    {
        { "missing signature", HttpStatusCode.BadRequest, "Missing Stripe-Signature header", "missing_signature" },
        { "another secret", HttpStatusCode.BadRequest, "Invalid Stripe signature", "invalid_signature" },
        { "stale timestamp", HttpStatusCode.BadRequest, "Stripe signature timestamp is outside the tolerance", "stale_timestamp" },
        { "malformed json", HttpStatusCode.BadRequest, "Malformed JSON payload", "malformed" },
        { "not an event", HttpStatusCode.BadRequest, "The payload is not a Stripe event (id, type, created and data.object are required)", "malformed" },
        { "oversized", HttpStatusCode.RequestEntityTooLarge, "Webhook payload exceeds 1048576 bytes", "too_large" },
        { "oversized chunked", HttpStatusCode.RequestEntityTooLarge, "Webhook payload exceeds 1048576 bytes", "too_large" },
    };

    [Theory]
    [MemberData(nameof(BadDeliveries))]
    public async Task Receive_WhenTheDeliveryIsBad_ShouldAnswerItsErrorStoreNothingAndCountIt(
        string bad, HttpStatusCode status, string error, string reason)
    {
        await using var app = new WebhooksApp();
        using var metrics = new MetricRecorder(app.Services);
        var now = app.Time.GetUtcNow();
        var huge = "{\"id\":\"evt_big\",\"pad\":\"" + new string('x', 1024 * 1024) + "\"}";
        var request = bad switch
        {
            "missing signature" => StripeDelivery.Request(Valid, null),
            "another secret" => StripeDelivery.Request(Valid, StripeSignature.Sign(Valid, "whsec_other", now)),
            "stale timestamp" => StripeDelivery.Request(Valid, StripeSignature.Sign(Valid, WebhooksApp.Secret, now.AddSeconds(-301))),
            "malformed json" => Signed("{\"id\":\"evt_1\",", now),
            "not an event" => Signed("""{"id":"evt_1","object":"event"}""", now),
            "oversized" => Signed(huge, now),
            _ => new HttpRequestMessage(HttpMethod.Post, StripeDelivery.Path)
            {
                Content = new UnknownLengthContent(Encoding.UTF8.GetBytes(huge)),
                Headers = { { "Stripe-Signature", StripeSignature.Sign(huge, WebhooksApp.Secret, now) } },
            },
        };

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(0, await app.Log.CountAsync(null, CancellationToken.None));
        Assert.Equal(1, metrics.Sum("saas.webhooks.rejected", "reason", reason));
    }

    [Theory]
    [InlineData("/api/stripe/webhook")]
    [InlineData("/api/stripe-webhook")]
    public async Task Receive_WhenSignedWithTheSecondOfTwoRotatingSecrets_ShouldStoreAndAnswer200(string path)
    {
        await using var app = new WebhooksApp().With("Stripe:WebhookSecret", $"whsec_old, {WebhooksApp.Secret}");

        var response = await app.CreateClient().SendAsync(
            StripeDelivery.Request(Valid, StripeSignature.Sign(Valid, WebhooksApp.Secret, app.Time.GetUtcNow()), path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("received").GetBoolean());
        Assert.NotNull(await app.Log.FindAsync("evt_intake_1", CancellationToken.None));
    }

    [Fact]
    public async Task Receive_WhenNoSecretIsConfigured_ShouldAnswer503SoStripeRetries()
    {
        await using var app = new WebhooksApp().With("Stripe:WebhookSecret", "");

        var response = await app.DeliverAsync(Valid, "t=1,v1=00");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Receive_WhenValid_ShouldStoreTheEventLogDocumentWithItsRawPayload()
    {
        await using var app = new WebhooksApp();
        var created = DateTimeOffset.FromUnixTimeSeconds(app.Time.GetUtcNow().ToUnixTimeSeconds() - 60);
        var payload = StripePayloads.Event(
            "evt_doc", "customer.subscription.updated", StripePayloads.Subscription("cus_doc"), created, new { status = "trialing" });

        var response = await app.DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await Eventually.EventAsync(app, "evt_doc", e => e.Status == "processed", "processed");
        Assert.Equal(("customer.subscription.updated", "cus_doc", "customer:cus_doc", created), (stored.EventType, stored.CustomerId, stored.OrderingKey, stored.StripeCreated));
        Assert.Equal((StripePayloads.ApiVersion, false, payload), (stored.ApiVersion, stored.Livemode, stored.Payload));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(payload))), stored.PayloadSha256);
        Assert.Equal("sub_1", stored.Data["id"]);
        Assert.Equal("trialing", stored.PreviousAttributes!["status"]);
        Assert.Equal((0, "published"), (stored.RetryCount, stored.Outcome));
        Assert.Equal(app.Time.GetUtcNow(), stored.CreatedAt);
        Assert.Null(Assert.Single(stored.Attempts).Error);
    }

    private static HttpRequestMessage Signed(string payload, DateTimeOffset at) =>
        StripeDelivery.Request(payload, StripeSignature.Sign(payload, WebhooksApp.Secret, at));

    /// <summary>A body sent chunked: no Content-Length tells the server its size up front.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
