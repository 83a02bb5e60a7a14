using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Saas.AppHost.Configuration;
using Saas.AppHost.Dashboard.Access;
using Saas.Testing;

namespace Saas.AppHost.Tests.Dashboard;

/// <summary>
/// The dashboard's login check in-process: the login link and form, the session cookie, bearer tokens, the answers
/// without them, and ports that are not the dashboard's.
/// </summary>
public sealed class DashboardAccessTests : IAsyncLifetime
{
    private const string Token = "dashboard-test-token-0123456789";
    private WebApplication? _app;
    private HttpClient _dashboard = null!;
    private HttpClient _otherPort = null!;

    public async Task InitializeAsync()
    {
        var ports = FreePort.Next(2);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<AppHostOptions>(o => (o.DashboardPort, o.DashboardToken) = (ports[0], Token));
        builder.Services.AddSingleton<DashboardToken>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, ports[0]);
            kestrel.Listen(IPAddress.Loopback, ports[1]);
        });
        _app = builder.Build();
        _app.UseMiddleware<DashboardAccess>();
        _app.MapDashboardLogin();
        _app.MapGet("/api/resources", () => TypedResults.Ok(new[] { "billing" }));
        _app.MapGet("/traces", () => TypedResults.Text("<h1>Traces</h1>", "text/html"));
        await _app.StartAsync();
        _dashboard = Client(ports[0]);
        _otherPort = Client(ports[1]);
    }

    public async Task DisposeAsync()
    {
        _dashboard.Dispose();
        _otherPort.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task LoginLink_WithTheToken_ShouldSetAnHttpOnlyStrictSessionCookie_AndGoToTheReturnUrl()
    {
        using var response = await _dashboard.GetAsync($"/login?t={Token}&returnUrl=%2Ftraces%3Ftext%3Dx");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/traces?text=x", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(DashboardAccess.CookieName + "=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, cookie);

        using var page = await SendAsync(HttpMethod.Get, "/traces", cookie: cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("http://evil.example/x")]
    [InlineData("/\\evil.example")]
    public async Task LoginForm_WithAReturnUrlOffTheDashboard_ShouldGoToTheDashboardInstead(string returnUrl)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token, ["returnUrl"] = returnUrl });

        using var response = await _dashboard.PostAsync("/login", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task LoginForm_WithAWrongToken_ShouldShowTheFormAgainWith401_AndSetNoCookie()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token + "x" });

        using var response = await _dashboard.PostAsync("/login", form);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("does not open this dashboard", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer dashboard-test-token-012345678")]
    [InlineData("Bearer dashboard-test-token-01234567890")]
    [InlineData("Basic ZGFzaGJvYXJkOmRhc2hib2FyZA==")]
    public async Task Api_WithoutTheToken_ShouldAnswer401WithAnError(string? authorization)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/resources", authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("sign in", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Api_WithTheBearerToken_ShouldAnswer()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/resources", $"Bearer {Token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Page_WithoutTheToken_ShouldGoToTheLoginPage_KeepingWhereItWas()
    {
        using var response = await SendAsync(HttpMethod.Get, "/traces?text=x");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Ftraces%3Ftext%3Dx", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnotherPortOfTheAppHost_ShouldNotAskForTheDashboardToken()
    {
        using var response = await _otherPort.GetAsync("/api/resources");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? authorization = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await _dashboard.SendAsync(request);
    }

    private static HttpClient Client(int port) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
}
