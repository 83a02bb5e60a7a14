using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Benchmarks;

/// <summary>
/// The least a Stripe webhook endpoint can do: an in-process Kestrel app that reads the raw body and checks its
/// <c>Stripe-Signature</c> as Stripe.net's <c>EventUtility.ValidateSignature</c> does (HMAC-SHA256 of "{t}.{payload}",
/// any v1 matching in constant time, timestamp within the tolerance), then answers <c>{"received":true}</c>. It stores
/// nothing. Stripe.net itself is not referenced by the bench, so the check is written out here.
/// </summary>
internal sealed class VerifyOnlyWebhookEndpoint : IAsyncDisposable
{
    public const string Path = "/api/stripe/webhook";
    private readonly WebApplication _app;

    private VerifyOnlyWebhookEndpoint(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<VerifyOnlyWebhookEndpoint> StartAsync(int port, string secret, int toleranceSeconds)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost(Path, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var payload = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            return IsValid(payload, request.Headers["Stripe-Signature"].ToString(), key, toleranceSeconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds())
                ? Results.Json(new { received = true })
                : Results.BadRequest(new { error = "Invalid Stripe signature" });
        });
        await app.StartAsync();
        return new VerifyOnlyWebhookEndpoint(app, $"http://127.0.0.1:{port}{Path}");
    }

    /// <summary>Stripe's scheme: <c>t=…,v1=…[,v1=…]</c>; valid when a v1 is the HMAC of "{t}.{payload}" and t is recent.</summary>
    public static bool IsValid(string payload, string header, byte[] key, int toleranceSeconds, long now)
    {
        string? timestamp = null;
        List<string> signatures = [];
        foreach (var item in header.Trim().Split(','))
        {
            var pair = item.Trim().Split('=', 2);
            if (pair.Length == 2 && pair[0] == "t")
            {
                timestamp ??= pair[1];
            }
            else if (pair.Length == 2 && pair[0] == "v1")
            {
                signatures.Add(pair[1]);
            }
        }

        if (timestamp is null || signatures.Count == 0 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{timestamp}.{payload}"))));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s))) &&
               Math.Abs(now - t) <= toleranceSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
