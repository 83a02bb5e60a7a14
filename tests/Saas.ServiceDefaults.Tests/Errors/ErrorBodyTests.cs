using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Saas.ServiceDefaults.Errors;
using Saas.Testing.BadInput;

namespace Saas.ServiceDefaults.Tests.Errors;

/// <summary>
/// The one rule for error bodies, for every way a service fails: a handler's own error, an exception, a body or
/// parameter that does not bind, a validation problem, and the status pages (404, 405, 415) nobody wrote a body for.
/// Each answers problem+json with <c>type</c>, <c>title</c>, <c>status</c>, <c>error</c>, and <c>field</c> where one
/// member is at fault.
/// </summary>
public sealed class ErrorBodyTests
{
    public static TheoryData<string, string, string?, string?, int, string?> Failures => new()
    {
        // what, method + path, body, content type, status, the field at fault
        { "a handler's field error", "POST /thing", "{}", "application/json", 400, "name" },
        { "a handler's conflict", "DELETE /thing", null, null, 409, null },
        { "an exception", "GET /boom", null, null, 500, null },
        { "malformed JSON", "POST /echo", "{ not json", "application/json", 400, null },
        { "a wrong-typed member", "POST /echo", """{"name": 5}""", "application/json", 400, "name" },
        { "a wrong-typed query parameter", "GET /page?page=many", null, null, 400, "page" },
        { "a validation problem", "POST /validate", "{}", "application/json", 400, "email" },
        { "an unknown route", "GET /nowhere", null, null, 404, null },
        { "a method the route does not take", "PUT /page", null, null, 405, null },
        { "a body that is not JSON", "POST /echo", "name=x", "text/plain", 415, null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failure_OfEveryKind_ShouldAnswerProblemJsonWithErrorAndField(
        string what, string route, string? body, string? contentType, int status, string? field)
    {
        await using var app = await TestApps.StartAsync([], Map, withMessaging: false);
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType!),
        };

        var response = await app.GetTestClient().SendAsync(request);

        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode}");
        var problem = await ProblemShape.AssertAsync(response, fieldExpected: field is not null);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task MiddlewareError_WhenTheClientAcceptsOnlyHtml_ShouldStillAnswerProblemJson()
    {
        await using var app = await TestApps.StartAsync([], a => a.MapGet("/refused",
            (HttpContext c) => ErrorResults.WriteAsync(c, StatusCodes.Status429TooManyRequests, "Slow down")), withMessaging: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/refused") { Headers = { { "Accept", "text/html" } } };

        var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("Slow down", (await ProblemShape.AssertAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task BadBody_WhenTheClientAcceptsOnlyHtml_ShouldStillAnswer400ProblemJsonNamingTheField()
    {
        await using var app = await TestApps.StartAsync([], Map, withMessaging: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo")
        {
            Content = new StringContent("""{"name": 5}""", Encoding.UTF8, "application/json"),
            Headers = { { "Accept", "text/html" } },
        };

        var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("name", (await ProblemShape.AssertAsync(response, fieldExpected: true)).GetProperty("field").GetString());
    }

    private static void Map(WebApplication app)
    {
        app.MapPost("/thing", () => ErrorResults.BadRequest("name is required", "name"));
        app.MapDelete("/thing", () => ErrorResults.Conflict("The thing is in use"));
        app.MapGet("/boom", string () => throw new InvalidOperationException("secret"));
        app.MapPost("/echo", (Payload p) => p);
        app.MapGet("/page", (int page) => page);
        app.MapPost("/validate", () => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Email"] = ["Email is required"] }));
    }

    public sealed record Payload(string Name);
}
