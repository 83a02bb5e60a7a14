using System.Security.Cryptography;
using System.Text;

namespace Saas.Webhooks.Features.Processing;

/// <summary>Ids that are the same every time one event (or one replay of it) is processed.</summary>
public static class DeterministicIds
{
    /// <summary>
    /// A name-based UUID (version 8, SHA-256) of the Stripe event id, plus the replay id for a replay: a retry or a
    /// republish after a crash gets the id consumers already saw, a replay a new one so it applies again.
    /// </summary>
    public static Guid ForEvent(string stripeEventId, string? replayId)
    {
        var name = replayId is null ? $"stripe-event:{stripeEventId}" : $"stripe-event:{stripeEventId}:replay:{replayId}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
