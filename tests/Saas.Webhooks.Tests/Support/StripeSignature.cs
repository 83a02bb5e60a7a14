using System.Security.Cryptography;
using System.Text;

namespace Saas.Webhooks.Tests.Support;

public static class StripeSignature
{
    /// <summary>Stripe's scheme: v1 = HMAC-SHA256 of "{timestamp}.{payload}" with the endpoint secret.</summary>
    public static string Sign(string payload, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
