using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Saas.Identity.Tests;

/// <summary>Calls and assertions the identity tests share.</summary>
internal static class Api
{
    public const string Password = "password123";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static async Task<Account> RegisterAsync(this HttpClient client, string? email = null, string password = Password, string? name = "Test User")
    {
        email ??= NewEmail();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password, name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return new Account(email, password, body.Str("token"), body.Str("refreshToken"), body.GetProperty("user").Str("_id"));
    }

    public static async Task<Account> LoginAsync(this HttpClient client, string email, string password = Password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        return new Account(email, password, body.Str("token"), body.Str("refreshToken"), body.GetProperty("user").Str("_id"));
    }

    /// <summary>Exchanges <paramref name="refreshToken"/>, asserting 200; the answer holds <c>token</c> and <c>refreshToken</c>.</summary>
    public static async Task<JsonElement> RefreshAsync(this HttpClient client, string refreshToken, string? userAgent = null)
    {
        var response = await client.SendAsync(RefreshRequest(refreshToken, userAgent));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>A refresh from the device named by <paramref name="userAgent"/> (none when null).</summary>
    public static HttpRequestMessage RefreshRequest(string refreshToken, string? userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh-token") { Content = JsonContent.Create(new { refreshToken }) };
        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }

        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null, string? token = null) =>
        client.SendAsync(Request(method, url, body is null ? null : JsonContent.Create(body), token));

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string rawBody, string? token = null) =>
        client.SendAsync(Request(method, url, new StringContent(rawBody, Encoding.UTF8, "application/json"), token));

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, string? token) =>
        client.SendAsync(Request(HttpMethod.Get, url, null, token));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    /// <summary>Asserts saasbackend's failure shape: the status, <c>{ "error": "..." }</c> and, when given, the field.</summary>
    public static async Task<JsonElement> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(string.IsNullOrWhiteSpace(body.Str("error")));
        if (field is not null)
        {
            Assert.Equal(field, body.Str("field"));
        }

        return body;
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content, string? token)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}

internal sealed record Account(string Email, string Password, string Token, string RefreshToken, string UserId);
