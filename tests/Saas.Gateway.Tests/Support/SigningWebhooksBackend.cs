using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Saas.Gateway.Tests.Support;

/// <summary>
/// A stand-in for the webhooks service's intake: real Kestrel, checking <c>Stripe-Signature</c> with Stripe's scheme
/// (HMAC-SHA256 of <c>{t}.{body}</c>) and answering 200 or 400 as the service does. Counts what reached it.
/// </summary>
public sealed class SigningWebhooksBackend : IAsyncDisposable
{
    public const string Secret = "whsec_gateway_test";
    private readonly WebApplication _app;
    private int _accepted;
    private int _refused;

    private SigningWebhooksBackend(WebApplication app) => _app = app;

    public string Address { get; private set; } = "";
    public int Accepted => Volatile.Read(ref _accepted);
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<SigningWebhooksBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var backend = new SigningWebhooksBackend(app);
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        backend.Address = app.Urls.Single();
        return backend;
    }

    /// <summary>Stripe's <c>Stripe-Signature</c> header for <paramref name="payload"/>, made now.</summary>
    public static string Sign(string payload, string secret = Secret)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var payload = await reader.ReadToEndAsync(context.RequestAborted);
        var header = context.Request.Headers["Stripe-Signature"].ToString();
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0], p => p[1]);
        var t = parts["t"].FirstOrDefault();
        var valid = t is not null && parts["v1"].Any(v1 =>
            CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(v1),
                Encoding.ASCII.GetBytes(Convert.ToHexStringLower(
                    HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{payload}"))))));
        if (!valid)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = header.Length == 0 ? "Missing Stripe-Signature header" : "Invalid Stripe signature" });
            return;
        }

        Interlocked.Increment(ref _accepted);
        await context.Response.WriteAsJsonAsync(new { received = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
