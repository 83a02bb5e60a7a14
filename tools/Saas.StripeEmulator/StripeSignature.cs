using System.Security.Cryptography;
using System.Text;

namespace Saas.StripeEmulator;

/// <summary>
/// Stripe's webhook signature: <c>t=&lt;unix seconds&gt;,v1=hex(HMAC-SHA256(endpoint secret, "{t}.{payload}"))</c>. The
/// emulator signs what it sends with it, and every test or bench that posts a Stripe event does too.
/// </summary>
public static class StripeSignature
{
    public static string Sign(string payload, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
