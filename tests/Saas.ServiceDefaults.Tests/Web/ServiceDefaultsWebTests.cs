using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Saas.ServiceDefaults.Tests.Web;

public sealed class ServiceDefaultsWebTests
{
    private static Task<WebApplication> StartAsync(Action<WebApplication>? map = null) =>
        TestApps.StartAsync([], map, withMessaging: false);

    [Fact]
    public async Task Request_WhenNoRequestIdIsSent_ShouldAnswerWithAFreshOne()
    {
        await using var app = await StartAsync();
        var response = await app.GetTestClient().GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task Request_WhenAWellFormedRequestIdIsSent_ShouldEchoItAndExposeItToTheHandler()
    {
        await using var app = await StartAsync(a => a.MapGet("/id", (HttpContext c) => c.TraceIdentifier));
        var request = new HttpRequestMessage(HttpMethod.Get, "/id") { Headers = { { "X-Request-Id", "client-42.a_b" } } };

        var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal("client-42.a_b", Assert.Single(response.Headers.GetValues("X-Request-Id")));
        Assert.Equal("client-42.a_b", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("has spaces and\ttabs")]
    [InlineData("ok-but-far-too-long-ok-but-far-too-long-ok-but-far-too-long-ok-but-far-too-long-ok-but-far-too-long-ok-but-far-too-long-ok-but-far")]
    public async Task Request_WhenTheRequestIdIsMalformed_ShouldReplaceIt(string malformed)
    {
        await using var app = await StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.TryAddWithoutValidation("X-Request-Id", malformed);

        var response = await app.GetTestClient().SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task Handler_WhenItThrows_ShouldAnswerProblemDetailsWithoutLeakingTheException()
    {
        await using var app = await StartAsync(a => a.MapGet("/boom", string () => throw new InvalidOperationException("secret connection string")));

        var response = await app.GetTestClient().GetAsync("/boom");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret", body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(500, json.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetString()));
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-Id")), json.RootElement.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Handler_WhenTheJsonBodyIsMalformed_ShouldAnswer400ProblemDetails()
    {
        await using var app = await StartAsync(a => a.MapPost("/echo", (Payload p) => p));

        var response = await app.GetTestClient().PostAsync("/echo", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Health_WhenTheProcessRuns_ShouldReportEachCheckAsJson()
    {
        await using var app = await StartAsync();

        var health = await app.GetTestClient().GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("self").GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_WhenRequested_ShouldServeTheDocument()
    {
        await using var app = await StartAsync(a => a.MapGet("/api/things", () => "thing"));

        var document = await app.GetTestClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/things", out _));
    }

    public sealed record Payload(string Name);
}
