using System.IO.Compression;

namespace Saas.AppHost.Telemetry.Receiver;

/// <summary>Reads an OTLP request body, inflating gzip, with caps on both sizes so a body cannot exhaust memory.</summary>
internal static class OtlpRequestBody
{
    public const long MaxBodyBytes = 16 * 1024 * 1024;
    public const long MaxInflatedBytes = 64 * 1024 * 1024;

    /// <summary>The body's bytes; throws <see cref="InvalidDataException"/> for a broken gzip stream.</summary>
    /// <exception cref="BodyTooLargeException">The body, or what it inflates to, is over its cap.</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, bool gzip, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new BodyTooLargeException($"the body is over {MaxBodyBytes / 1024 / 1024} MB");
        }

        var raw = await ReadCappedAsync(request.Body, MaxBodyBytes, "the body", ct);
        if (!gzip)
        {
            return raw;
        }

        await using var inflating = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        return await ReadCappedAsync(inflating, MaxInflatedBytes, "the inflated body", ct);
    }

    private static async Task<byte[]> ReadCappedAsync(Stream source, long cap, string what, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                throw new BodyTooLargeException($"{what} is over {cap / 1024 / 1024} MB");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

internal sealed class BodyTooLargeException(string message) : Exception(message);
