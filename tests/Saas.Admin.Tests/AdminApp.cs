using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Admin.Tests;

/// <summary>
/// Admin in process with its embedded store in a temp folder, tokens signed by <see cref="TestTokens"/>, Basic
/// credentials <see cref="Username"/>/<see cref="Password"/>, and downstream services wherever
/// <see cref="WithServices"/> points them.
/// </summary>
public sealed class AdminApp() : ServiceApp<Program, AdminApp>("admin", new Dictionary<string, string?>
{
    ["Admin:Username"] = Username,
    ["Admin:Password"] = Password,
    // Generous, so role tests sending wrong credentials are not throttled; the throttle tests lower it.
    ["Admin:MaxFailedAttempts"] = "1000",
    ["Admin:Resilience:Retry:Delay"] = "00:00:00.010",
    ["Admin:Resilience:Retry:UseJitter"] = "false",
    // Alert rules call every service: only the alert tests evaluate them (EvaluateOnceAsync), not a background loop.
    ["Alerts:EvaluationInterval"] = "01:00:00",
    // Required outside Development; the stand-in services accept any.
    ["Admin:IdentityApiKey"] = "test-internal-api-key-0123456789abcdef",
    ["Admin:BillingApiKey"] = "test-internal-api-key-0123456789abcdef",
    ["Admin:WebhooksApiKey"] = "test-internal-api-key-0123456789abcdef",
})
{
    public const string Username = "ops";
    public const string Password = "correct horse battery";

    private string? peer;

    /// <summary>
    /// Every request arrives from <paramref name="address"/> (a gateway pod, say); the test server has no peer address
    /// of its own. Clients then name themselves with X-Forwarded-For, as the gateway does.
    /// </summary>
    public AdminApp FromPeer(string address)
    {
        peer = address;
        return this;
    }

    /// <summary>Points identity, billing and webhooks at <paramref name="url"/> (each may be overridden after).</summary>
    public AdminApp WithServices(string url) =>
        With("services:identity:http:0", url).With("services:billing:http:0", url).With("services:webhooks:http:0", url);

    public HttpClient Basic(string user = Username, string password = Password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public HttpClient Bearer(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient AsAdmin() => Bearer(TestTokens.For("staff-admin", "admin"));

    public HttpClient AsSupport() => Bearer(TestTokens.For("staff-support", "support"));

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ISigningKeySource, TestSigningKeys>();
        if (peer is not null)
        {
            services.AddSingleton<IStartupFilter>(new PeerAddress(System.Net.IPAddress.Parse(peer)));
        }
    }
}

/// <summary>Sets the connection's peer address before anything else runs.</summary>
internal sealed class PeerAddress(System.Net.IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
