using System.Text;

namespace Saas.Webhooks.Tests.Support;

public static class StripeDelivery
{
    public const string Path = "/api/stripe/webhook";

    public static HttpRequestMessage Request(string payload, string? signature, string path = Path) =>
        new(HttpMethod.Post, path)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            Headers = { { "Stripe-Signature", signature is null ? [] : [signature] } },
        };
}
