using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Saas.AppHost.Configuration;

namespace Saas.AppHost.Dashboard.Access;

/// <summary>
/// The secret that opens the dashboard: <c>AppHost:DashboardToken</c>, or a random one made at start (as Aspire's browser
/// token). The browser keeps a value derived from it in a cookie, so the token itself never sits in the browser's jar.
/// </summary>
internal sealed class DashboardToken
{
    private readonly byte[] _tokenHash;
    private readonly byte[] _sessionHash;

    public DashboardToken(IOptions<AppHostOptions> options)
    {
        IsGenerated = string.IsNullOrEmpty(options.Value.DashboardToken);
        Value = IsGenerated ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : options.Value.DashboardToken!;
        _tokenHash = Hash(Value);
        SessionValue = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Value), "saas-dashboard-session"u8));
        _sessionHash = Hash(SessionValue);
    }

    /// <summary>The token; printed only once, in the login URL at start, and only when it was generated.</summary>
    public string Value { get; }

    public bool IsGenerated { get; }

    /// <summary>What the session cookie holds.</summary>
    public string SessionValue { get; }

    /// <summary>
    /// The one console line that may show the token: a ready-to-click login URL when it was generated; when it was
    /// configured, the operator knows it and it is not repeated.
    /// </summary>
    public string StartLine(int port) => IsGenerated
        ? $"Dashboard: http://127.0.0.1:{port}/login?t={Value}"
        : $"Dashboard: http://127.0.0.1:{port} (sign in with the configured AppHost:DashboardToken)";

    public bool Matches(string? candidate) => Same(_tokenHash, candidate);

    public bool MatchesSession(string? candidate) => Same(_sessionHash, candidate);

    // Hashing first gives equal lengths, so the comparison time says nothing about the secret's length or prefix.
    private static bool Same(byte[] expectedHash, string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(expectedHash, Hash(candidate));

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
