using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Saas.Gateway.Tests.Support;

/// <summary>The gateway in memory, pointed at the echo backends, with per-test settings on top.</summary>
public sealed class GatewayFactory(Backends backends, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var all = backends.AddressSettings();
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            configuration.AddInMemoryCollection(all);
        });
    }
}

public static class ResponseExtensions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>
    /// The <c>error</c> of a refusal, after checking the one rule for error bodies: problem+json with <c>type</c>,
    /// <c>title</c> and the response's <c>status</c> beside saasbackend's <c>error</c>.
    /// </summary>
    public static async Task<string> ErrorAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.Equal((int)response.StatusCode, body.GetProperty("status").GetInt32());
        return body.GetProperty("error").GetString()!;
    }
}
