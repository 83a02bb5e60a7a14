using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Saas.SystemTests;

/// <summary>
/// <see cref="MeteringFlowTests"/>' client of the shared system's gateway, and the settings it needs there: the free plan
/// meters <c>requests</c> with small limits (<see cref="DailyLimit"/> a day, <see cref="MonthlyLimit"/> a month) and
/// <c>exports</c> with a daily cap for the concurrency test; an operator account for staff actions. API keys are checked
/// with identity's default cache (5 s), so revocation is seen as an operator would see it.
/// </summary>
public sealed class MeteringGateway(string gatewayUrl) : IDisposable
{
    public const int DailyLimit = 5;
    public const int MonthlyLimit = 12;
    public const int ExportsDailyLimit = 7;
    public const string AdminUser = "metering-operator";
    public const string AdminPassword = "metering-operator-password-1";
    public const string Password = "metering-test-password-1";

    /// <summary>billing's appsettings.json: plan 0 is "free".</summary>
    public static readonly Dictionary<string, string> Settings = new()
    {
        ["Billing__Plans__0__Limits__requests"] = MonthlyLimit.ToString(),
        ["Billing__Plans__0__DailyLimits__requests"] = DailyLimit.ToString(),
        ["Billing__Plans__0__Limits__exports"] = "1000",
        ["Billing__Plans__0__DailyLimits__exports"] = ExportsDailyLimit.ToString(),
        ["Admin__Username"] = AdminUser,
        ["Admin__Password"] = AdminPassword,
    };

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 })
    {
        BaseAddress = new Uri(gatewayUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public void Dispose() => Http.Dispose();

    /// <summary>How a request authenticates: an access token, an API key in either header, the operator, or nothing.</summary>
    public abstract record Credential
    {
        public abstract void Apply(HttpRequestMessage request);
    }

    public sealed record Token(string Value) : Credential
    {
        public override void Apply(HttpRequestMessage request) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Value);
    }

    public sealed record ApiKeyHeader(string Key) : Credential
    {
        public override void Apply(HttpRequestMessage request) => request.Headers.Add("X-Api-Key", Key);
    }

    public sealed record ApiKeyBearer(string Key) : Credential
    {
        public override void Apply(HttpRequestMessage request) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public sealed record Operator : Credential
    {
        public override void Apply(HttpRequestMessage request) => request.Headers.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")));
    }

    public async Task<Response> SendAsync(HttpMethod method, string path, Credential? credential, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        credential?.Apply(request);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new Response((int)response.StatusCode, json, text, response.Headers.RetryAfter?.Delta);
    }

    public sealed record Response(int Status, JsonElement Body, string Text, TimeSpan? RetryAfter)
    {
        public override string ToString() => $"{Status} {Text}";
    }

    public sealed record Account(string Id, string Email, Token Token);

    public async Task<Account> RegisterAsync(string name)
    {
        var email = $"metering-{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var registered = await SendAsync(HttpMethod.Post, "/api/auth/register", null, new { email, password = Password, name });
        Assert.True(registered.Status == 201, $"registering {name}: {registered}");
        var token = new Token(registered.Body.GetProperty("token").GetString()!);
        return new Account(registered.Body.GetProperty("user").GetProperty("_id").GetString()!, email, token);
    }

    /// <summary>Creates an API key through the gateway; the secret and the key's id.</summary>
    public async Task<(string Key, string Id)> CreateKeyAsync(Account owner, string name, params string[] scopes)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/api-keys", owner.Token,
            scopes.Length == 0 ? (object)new { name } : new { name, scopes });
        Assert.True(created.Status == 201, $"creating key {name}: {created}");
        return (created.Body.GetProperty("key").GetString()!, created.Body.GetProperty("apiKey").GetProperty("id").GetString()!);
    }
}
