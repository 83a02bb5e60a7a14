namespace Saas.AppHost.Resources;

/// <summary>
/// A .NET project the AppHost runs as <c>dotnet &lt;dll&gt;</c>. It is ready once each of
/// <paramref name="ReadinessPaths"/> answers 200, in order; the last one is polled afterwards to spot trouble.
/// <paramref name="Type"/> is what the dashboard shows ("project", or "emulator" for the local Stripe stand-in).
/// </summary>
internal sealed record ProjectSpec(
    string Name, string DllPath, int Port, string Url, IReadOnlyList<string> ReadinessPaths,
    string Type = "project", IReadOnlyList<string>? Arguments = null)
{
    /// <summary>Where the project listens; the gateway shows <c>localhost</c> but every process binds loopback only.</summary>
    public string BindUrl => $"http://127.0.0.1:{Port}";
}
