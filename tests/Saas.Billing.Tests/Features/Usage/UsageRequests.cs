using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Billing.Tests.Features.Usage;

/// <summary>The usage routes, optionally acting for an organization through <c>X-Organization-Id</c>.</summary>
public static class UsageRequests
{
    public static async Task<HttpResponseMessage> TrackAsync(this HttpClient client, object body, string? organizationHeader = null, string route = "/api/v1/usage/track")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body) };
        if (organizationHeader is not null)
        {
            request.Headers.Add("X-Organization-Id", organizationHeader);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> CheckAsync(this HttpClient client, string feature, string? organizationHeader = null, string? route = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route ?? $"/api/v1/usage/check/{feature}");
        if (organizationHeader is not null)
        {
            request.Headers.Add("X-Organization-Id", organizationHeader);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The <c>used</c> count a check answers (it must answer 200).</summary>
    public static async Task<long> UsedAsync(this HttpClient client, string feature, string? organizationHeader = null)
    {
        using var response = await client.CheckAsync(feature, organizationHeader);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("used").GetInt64();
    }
}
