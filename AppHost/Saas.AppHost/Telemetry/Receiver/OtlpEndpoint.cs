using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Saas.AppHost.Processes;

namespace Saas.AppHost.Telemetry.Receiver;

/// <summary>
/// Where the receiver listens and the key it demands, settled once per run: a port of 0 becomes a free port and a
/// missing key a random one, so Kestrel and the children's environment agree on both.
/// </summary>
internal sealed class OtlpEndpoint
{
    public const string ApiKeyHeader = "x-otlp-api-key";

    public OtlpEndpoint(IOptions<OtlpReceiverOptions> options)
    {
        var o = options.Value;
        Port = o.OtlpPort == 0 ? FreePorts.Next() : o.OtlpPort;
        ApiKey = o.OtlpApiKey is { Length: > 0 } key ? key : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    }

    public int Port { get; }

    /// <summary>Never logged: it is printed nowhere and reaches the children only through their environment.</summary>
    public string ApiKey { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public bool Accepts(string? presented) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(ApiKey));
}
